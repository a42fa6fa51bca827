// The bare pass-through worker: forwards every request unchanged to env.UPSTREAM (same path and query).
export default {
  fetch(request, env) {
    const url = new URL(request.url);
    return fetch(`${env.UPSTREAM}${url.pathname}${url.search}`, request);
  },
};

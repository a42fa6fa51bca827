// The reference worker: the least any translating gateway does. It checks the key, parses the
// request, writes it out again for the upstream (with the upstream's own key), parses the answer
// and writes it out again. No validation, routing, timeouts, accounting or logs. The bench
// measures it beside the gateway so the gateway's cost can be read against this floor.
export default {
  async fetch(request, env) {
    if (request.headers.get("authorization") !== `Bearer ${env.MASTER_KEY}`) {
      return Response.json(
        { error: { message: "invalid API key", type: "authentication_error", param: null, code: "invalid_api_key" } },
        { status: 401 },
      );
    }
    const body = await request.json();
    const upstream = await fetch(`${env.UPSTREAM}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${env.UPSTREAM_KEY}` },
      body: JSON.stringify(body),
    });
    const answer = await upstream.json();
    answer.model = body.model;
    return new Response(JSON.stringify(answer), {
      status: upstream.status,
      headers: { "content-type": "application/json" },
    });
  },
};

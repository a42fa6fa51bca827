/** Raised when the client went away; never retried, never a deployment failure. */
export class ClientClosedError extends Error {
  constructor() {
    super("client closed the request");
  }
}

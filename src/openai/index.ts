export * from "./chat-request.js";
export * from "./chat-response.js";
export * from "./error.js";
export * from "./models.js";

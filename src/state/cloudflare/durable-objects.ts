export * from "../../../durable-objects/index.js";

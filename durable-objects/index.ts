// Durable Object classes, re-exported by the worker. Each is a thin RPC shell over pure logic in src/state/.
export {};

import { describe, expect, it } from "vitest";
import { storedResponseOf } from "../../../src/responses/record.js";
import { ResponseCreateRequest } from "../../../src/responses/request.js";
import { MemoryResponseStore } from "../../../src/state/memory/response-store.js";
import { DAY, responseStoreContract, storedResponse, T0 } from "../../helpers/response-store-contract.js";

responseStoreContract("memory", async (clock) => new MemoryResponseStore({ now: () => clock.now }));

describe("what gets stored", () => {
  const response = storedResponse("resp-9").response;
  const base = {
    owner: "key:abc",
    response,
    inputItems: [],
    origin: { deploymentId: "d1", native: true },
    now: T0,
  };

  it("stores nothing for store: false", () => {
    const request = ResponseCreateRequest.parse({ model: "m", input: "x", store: false });
    expect(storedResponseOf({ ...base, request, retentionDays: undefined })).toBeUndefined();
  });

  it("stores by default, for 30 days unless responses_retention_days says otherwise", () => {
    const request = ResponseCreateRequest.parse({ model: "m", input: "x" });
    expect(storedResponseOf({ ...base, request, retentionDays: undefined })?.expiresAt).toBe(T0 + 30 * DAY);
    expect(storedResponseOf({ ...base, request, retentionDays: 7 })?.expiresAt).toBe(T0 + 7 * DAY);
    expect(storedResponseOf({ ...base, request, retentionDays: 0.5 })?.expiresAt).toBe(T0 + DAY / 2);
  });

  it("keeps the client's previous_response_id, which an inlined native answer lacks", () => {
    const request = ResponseCreateRequest.parse({ model: "m", input: "x", previous_response_id: "resp-8" });
    const rec = storedResponseOf({ ...base, request, retentionDays: undefined });
    expect(rec?.response.previous_response_id).toBe("resp-8");
    expect(rec).toMatchObject({ id: "resp-9", owner: "key:abc", createdAt: T0, origin: { native: true } });
  });
});

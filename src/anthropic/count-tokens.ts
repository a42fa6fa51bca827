import { z } from "zod";
import { promptFields } from "./request.js";

/** POST /v1/messages/count_tokens: the prompt part of a Messages request in, `{input_tokens}` out. */
export const CountTokensRequest = z.looseObject(promptFields);
export type CountTokensRequest = z.infer<typeof CountTokensRequest>;

export const CountTokensResponse = z.looseObject({ input_tokens: z.number().int().min(0) });
export type CountTokensResponse = z.infer<typeof CountTokensResponse>;

import type { FunctionTool, ToolChoice } from "../../openai/chat-request.js";
import { toGeminiSchema } from "./schema.js";

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

/** OpenAI function tools → one Gemini tool holding every function declaration. */
export function toGeminiTools(
  tools: readonly FunctionTool[],
): Array<{ functionDeclarations: GeminiFunctionDeclaration[] }> {
  if (tools.length === 0) return [];
  const functionDeclarations = tools.map((t, i): GeminiFunctionDeclaration => {
    const d: GeminiFunctionDeclaration = { name: t.function.name };
    if (t.function.description) d.description = t.function.description;
    if (t.function.parameters) {
      const params = toGeminiSchema(t.function.parameters, `tools[${i}].function.parameters`);
      // A function without arguments is declared without `parameters` (an OBJECT with no properties is rejected).
      if (params.properties !== undefined || params.type !== "OBJECT") d.parameters = params;
    }
    return d;
  });
  return [{ functionDeclarations }];
}

export interface GeminiToolConfig {
  functionCallingConfig: { mode: "AUTO" | "NONE" | "ANY"; allowedFunctionNames?: string[] };
}

/** auto → AUTO, none → NONE, required → ANY, a named function → ANY restricted to that name. */
export function toGeminiToolConfig(choice: ToolChoice): GeminiToolConfig {
  if (choice === "auto") return { functionCallingConfig: { mode: "AUTO" } };
  if (choice === "none") return { functionCallingConfig: { mode: "NONE" } };
  if (choice === "required") return { functionCallingConfig: { mode: "ANY" } };
  return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.function.name] } };
}

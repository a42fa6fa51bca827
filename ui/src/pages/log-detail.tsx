import { Dialog } from "../components/dialog.js";
import { count, money, ms, when } from "../format.js";
import type { SpendLog } from "../types.js";

/** One request's record: what it cost, where it went, how it ended (spend logs hold no message content). */
export function LogDetail({ log, onClose }: { log: SpendLog; onClose: () => void }) {
  const rows: Array<[string, string]> = [
    ["Request id", log.request_id],
    ["Started", when(log.startTime)],
    ["Finished", when(log.endTime)],
    ["Operation", log.call_type],
    ["Status", `${log.status_code} ${log.status}${log.error_type ? ` (${log.error_type})` : ""}`],
    ["Model group", log.model_group ?? "–"],
    ["Vendor model", log.model],
    ["Deployment", log.model_id ?? "–"],
    ["Provider", log.custom_llm_provider ?? "–"],
    ["Key", `${log.key_alias ?? "(no alias)"} · ${log.api_key || "–"}`],
    ["Team", log.team_id ?? "–"],
    ["User", log.user || "–"],
    ["Customer", log.end_user || "–"],
    ["Tokens", `${count(log.prompt_tokens)} prompt + ${count(log.completion_tokens)} completion`],
    ["Spend", money(log.spend)],
    ["Latency", ms(log.latency_ms)],
    ["Streamed", log.stream ? "yes" : "no"],
    ["Retries / fallbacks", `${log.attempted_retries} / ${log.attempted_fallbacks}`],
    ["Tags", log.request_tags.join(", ") || "–"],
    ["Metadata", Object.keys(log.metadata).length ? JSON.stringify(log.metadata) : "–"],
  ];
  return (
    <Dialog title="Request detail" onClose={onClose}>
      <dl class="detail">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div class="actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

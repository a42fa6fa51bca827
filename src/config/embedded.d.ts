/** config.yaml, bundled as text (wrangler alias + Text rule; esbuild alias + text loader). */
declare module "switchyard-config" {
  const text: string;
  export default text;
}

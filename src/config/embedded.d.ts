/** config.yaml, bundled as text (wrangler's Text rule; esbuild's text loader under npm start). */
declare module "*.yaml" {
  const text: string;
  export default text;
}

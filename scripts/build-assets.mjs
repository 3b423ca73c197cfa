// Compiles the portal's Sass with GOV.UK Frontend and copies the assets it serves
// into static/build/. Fonts and the GOV.UK crest are not copied: the portal is not GOV.UK.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const govuk = "node_modules/govuk-frontend/dist/govuk";
const out = "static/build";

rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/govuk/assets`, { recursive: true });

const { css } = sass.compile("static/scss/portal.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/portal.css`, css);
cpSync(`${govuk}/govuk-frontend.min.js`, `${out}/govuk-frontend.min.js`);
cpSync(`${govuk}/assets/images/govuk-icon-mask.svg`, `${out}/govuk/assets/images/govuk-icon-mask.svg`);
console.log(`built ${out}/portal.css (${css.length} bytes)`);

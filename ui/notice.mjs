// Print the licence notice of the vendored editor: every package npm ci installed here,
// its version and licence, and the licence text the package ships (if it ships one).
// Run by `make install`; the output is served as /assets/.../vendor/yasgui/LICENSE.txt.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));
const MIT = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial
portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
USE OR OTHER DEALINGS IN THE SOFTWARE.`;

const out = ["The SPARQL editor of /query is YASQE, the editor of YASGUI (npm @zazuko/yasgui), with the",
  "packages it bundles. Each package, its licence, and the licence text it ships:", ""];
for (const [path, info] of Object.entries(lock.packages)) {
  if (!path.startsWith("node_modules/")) continue;
  const name = path.slice("node_modules/".length);
  const dir = join(here, path);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const author = typeof meta.author === "string" ? meta.author : meta.author?.name;
  out.push("=".repeat(78), `${name} ${info.version} — ${info.license || meta.license || "see package"}`);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^licen[cs]e/i.test(f)) : [];
  if (files.length) {
    for (const f of files) out.push("", readFileSync(join(dir, f), "utf8").trim());
  } else if ((info.license || meta.license) === "MIT") {
    out.push("", `The package ships no licence file; its package.json says MIT${author ? `, author ${author}` : ""}.`, "", MIT);
  }
  out.push("");
}
process.stdout.write(out.join("\n") + "\n");

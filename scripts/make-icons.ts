// Renders static/favicon.svg to the PNG icons the manifest lists (install prompts want PNGs).
// Run after changing the SVG: node scripts/make-icons.ts
import { readFileSync } from 'node:fs';
import { launchChromium } from './chromium.ts';

const svg = readFileSync(new URL('../static/favicon.svg', import.meta.url), 'utf8');
const browser = await launchChromium();
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`,
  );
  await page.screenshot({ path: `static/icons/icon-${size}.png`, omitBackground: true });
  await page.close();
}
await browser.close();

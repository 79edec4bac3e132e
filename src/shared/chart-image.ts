import { saveFile } from './save-file';

const STYLED = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-size', 'font-family', 'font-weight', 'opacity'] as const;

/**
 * A chart's SVG as a standalone image: the page's CSS (classes, theme variables) does not travel with
 * the markup, so each element's computed paint is written onto the copy, and the title and legend go
 * above the plot on the card's background.
 */
export function standaloneSvg(svg: SVGSVGElement, title: string, legend: readonly { name: string; color: string }[]): string {
  const width = svg.width.baseVal.value;
  const height = svg.height.baseVal.value;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const source = svg.querySelectorAll('*');
  copy.querySelectorAll('*').forEach((el, i) => {
    const style = getComputedStyle(source[i]);
    for (const prop of STYLED) {
      const v = style.getPropertyValue(prop);
      if (v && v !== 'none' && !el.hasAttribute(prop)) el.setAttribute(prop, v);
      else if (el.getAttribute(prop)?.startsWith('var(')) el.setAttribute(prop, v);
    }
  });
  const card = getComputedStyle(svg.closest('.card') ?? document.body);
  const ink = card.color || '#0f172a';
  const head = 40;
  let x = 8;
  const keys = legend
    .map((l) => {
      const item = `<text x="${x}" y="34" font-size="11" font-family="sans-serif" fill="${l.color}">— ${escapeXml(l.name)}</text>`;
      x += 24 + 6.5 * l.name.length;
      return item;
    })
    .join('');
  const body = new XMLSerializer()
    .serializeToString(copy)
    .replace(/^<svg[^>]*>/, '')
    .replace(/<\/svg>$/, '');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + head}" viewBox="0 0 ${width} ${height + head}">` +
    `<rect width="100%" height="100%" fill="${card.backgroundColor || '#fff'}"/>` +
    `<text x="8" y="16" font-size="13" font-weight="600" font-family="sans-serif" fill="${ink}">${escapeXml(title)}</text>${keys}` +
    `<g transform="translate(0 ${head})">${body}</g></svg>`
  );
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/** Renders the standalone SVG at twice its size and saves it as a PNG. */
export async function saveChartPng(svg: SVGSVGElement, title: string, legend: readonly { name: string; color: string }[], file: string) {
  const markup = standaloneSvg(svg, title, legend);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width * 2;
    canvas.height = img.height * 2;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gives no 2D canvas to draw the chart on');
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    const png = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the chart could not be encoded as PNG'))), 'image/png'),
    );
    saveFile(file, png, 'image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}

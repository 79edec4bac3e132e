import { useEffect, useRef } from 'react';
import type { PreviewGrid } from '../../../engine/data/info';
import type { DatasetSummary } from '../protocol';

/** Shown tile side in CSS pixels: small images are enlarged (pixelated) so they can be seen. */
const SHOWN_TILE = 26;
const MAX_ROWS = 20;

function ClassRow({ grid, row }: { grid: PreviewGrid; row: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const stride = grid.width * 4;
    const start = row * (grid.tile + grid.gap) * stride;
    const pixels = new Uint8ClampedArray(grid.tile * stride);
    pixels.set(grid.data.subarray(start, start + pixels.length));
    ctx.putImageData(new ImageData(pixels, grid.width, grid.tile), 0, 0);
  }, [grid, row]);
  const scale = SHOWN_TILE / grid.tile;
  return (
    <canvas
      ref={ref}
      width={grid.width}
      height={grid.tile}
      style={{ width: grid.width * scale, height: SHOWN_TILE, imageRendering: 'pixelated' }}
    />
  );
}

/** One row per class: sample images, the class name, and how many of its images the search trains and tests on. */
export function DatasetPreview({ grid, summary }: { grid: PreviewGrid | null; summary: DatasetSummary }) {
  const rows = Math.min(summary.classNames.length, MAX_ROWS);
  return (
    <div className="dataset-preview" data-testid="dataset-preview">
      {Array.from({ length: rows }, (_, k) => (
        <div className="dataset-class" key={k} data-testid="dataset-class">
          <div className="dataset-class-name" title={summary.classNames[k]}>
            {summary.classNames[k]}
            <span className="muted">
              {' '}
              {summary.trainCounts[k]}/{summary.testCounts[k]}
            </span>
          </div>
          {grid && k < grid.rows && <ClassRow grid={grid} row={k} />}
        </div>
      ))}
      {summary.classNames.length > rows && <div className="muted">… {summary.classNames.length - rows} more classes</div>}
    </div>
  );
}

import { useState, type ReactNode } from 'react';

export interface Tab {
  id: string;
  label: string;
  content: ReactNode;
}

/**
 * The studio's "Advanced" part: everything beyond the main flow, one named tab at a time, opened on
 * purpose. Every panel stays mounted while hidden, so a half-filled form or a running measurement
 * keeps its state when another tab is opened.
 */
export function Tabs({ label, tabs, initial = null }: { label: string; tabs: readonly Tab[]; initial?: string | null }) {
  const [open, setOpen] = useState<string | null>(initial);
  return (
    <section className="tabs" aria-label={label} data-testid="advanced">
      <div className="tab-bar" role="tablist" aria-label={label}>
        <span className="tab-title">{label}</span>
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={open === t.id}
            aria-controls={`panel-${t.id}`}
            className={open === t.id ? 'tab active' : 'tab'}
            onClick={() => setOpen(open === t.id ? null : t.id)}
          >
            {t.label}
          </button>
        ))}
        {open && (
          <button type="button" className="tab-close" onClick={() => setOpen(null)} title="Close the open tab">
            Close
          </button>
        )}
      </div>
      {tabs.map((t) => (
        <div key={t.id} role="tabpanel" id={`panel-${t.id}`} aria-labelledby={`tab-${t.id}`} hidden={open !== t.id} className="tab-panel">
          {t.content}
        </div>
      ))}
    </section>
  );
}

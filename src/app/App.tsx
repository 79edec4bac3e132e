import { AccuracyChart } from '../features/search/ui/AccuracyChart';
import { RecoveryBanner } from '../features/recovery/ui/RecoveryBanner';
import { SavedRuns } from '../features/recovery/ui/SavedRuns';
import { AfterSearch } from '../features/after-search/ui/AfterSearch';
import { ConfigPanel } from '../features/search/ui/ConfigPanel';
import { DatasetPanel } from '../features/datasets/ui/DatasetPanel';
import { EventLog } from '../features/search/ui/EventLog';
import { FitPanel } from '../features/tables/ui/FitPanel';
import { Header } from './ui/Header';
import { LatencyChart } from '../features/search/ui/LatencyChart';
import { LayerDistributions } from '../features/search/ui/LayerDistributions';
import { LiveControls } from '../features/search/ui/LiveControls';
import { LossChart } from '../features/search/ui/LossChart';
import { MeasurePanel } from '../features/tables/ui/MeasurePanel';
import { Notices } from './ui/Notices';
import { PresetPicker } from '../features/search/ui/PresetPicker';
import { Readout } from '../features/search/ui/Readout';
import { Results } from '../features/search/ui/Results';
import { RunControls } from '../features/search/ui/RunControls';
import { ScaleOutPanel } from '../features/scale-out/ui/ScaleOutPanel';
import { TableGrid } from '../features/tables/ui/TableGrid';
import { TablePanel } from '../features/tables/ui/TablePanel';
import { TauChart } from '../features/search/ui/TauChart';
import { useKeyboard } from '../features/search/ui/use-keyboard';
import { Tabs, type Tab } from './ui/Tabs';

/** Everything beyond the main flow, in tabs a person opens on purpose. */
const ADVANCED: Tab[] = [
  {
    id: 'charts',
    label: 'Charts & log',
    content: (
      <div className="grid2">
        <LossChart />
        <AccuracyChart />
        <TauChart />
        <EventLog />
      </div>
    ),
  },
  { id: 'settings', label: 'Search settings', content: <ConfigPanel /> },
  { id: 'dataset', label: 'Dataset', content: <DatasetPanel /> },
  {
    id: 'tables',
    label: 'Latency tables',
    content: (
      <>
        <div className="grid2">
          <TablePanel />
          <FitPanel />
          <MeasurePanel />
        </div>
        <TableGrid />
      </>
    ),
  },
  { id: 'after', label: 'Retrain & cross-device study', content: <AfterSearch /> },
  { id: 'runs', label: 'Saved runs', content: <SavedRuns /> },
  { id: 'pytorch', label: 'PyTorch at scale', content: <ScaleOutPanel /> },
];

/** The main flow (preset, run, live controls, distributions, E[LAT], results) fits one 1440×900 screen. */
export function App() {
  useKeyboard();
  return (
    <div className="app">
      <Header />
      <aside className="sidebar">
        <RunControls />
        <PresetPicker />
        <LiveControls />
      </aside>
      <main className="main">
        <RecoveryBanner />
        <Readout />
        <div className="flow">
          <LayerDistributions />
          <div className="flow-side">
            <LatencyChart />
            <Results />
          </div>
        </div>
      </main>
      <div className="advanced">
        <Tabs label="Advanced" tabs={ADVANCED} />
      </div>
      <Notices />
    </div>
  );
}

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

export function App() {
  return (
    <div className="app">
      <Header />
      <aside className="sidebar">
        <RunControls />
        <SavedRuns />
        <ScaleOutPanel />
        <LiveControls />
        <PresetPicker />
        <DatasetPanel />
        <TablePanel />
        <ConfigPanel />
      </aside>
      <main className="main">
        <RecoveryBanner />
        <Readout />
        <LayerDistributions />
        <div className="grid2">
          <LatencyChart />
          <LossChart />
          <AccuracyChart />
          <TauChart />
        </div>
        <div className="grid2">
          <EventLog />
          <Results />
        </div>
        <AfterSearch />
        <div className="grid2">
          <FitPanel />
          <MeasurePanel />
        </div>
        <TableGrid />
      </main>
      <Notices />
    </div>
  );
}

import { AccuracyChart } from './AccuracyChart';
import { RecoveryBanner } from './RecoveryBanner';
import { SavedRuns } from './SavedRuns';
import { AfterSearch } from './AfterSearch';
import { ConfigPanel } from './ConfigPanel';
import { DatasetPanel } from './DatasetPanel';
import { EventLog } from './EventLog';
import { FitPanel } from './FitPanel';
import { Header } from './Header';
import { LatencyChart } from './LatencyChart';
import { LayerDistributions } from './LayerDistributions';
import { LiveControls } from './LiveControls';
import { LossChart } from './LossChart';
import { MeasurePanel } from './MeasurePanel';
import { Notices } from './Notices';
import { PresetPicker } from './PresetPicker';
import { Readout } from './Readout';
import { Results } from './Results';
import { RunControls } from './RunControls';
import { TableGrid } from './TableGrid';
import { TablePanel } from './TablePanel';
import { TauChart } from './TauChart';

export function App() {
  return (
    <div className="app">
      <Header />
      <aside className="sidebar">
        <RunControls />
        <SavedRuns />
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

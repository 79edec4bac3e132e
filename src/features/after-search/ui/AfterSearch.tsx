import { CrossDeviceStudy } from './CrossDeviceStudy';
import { ReferenceNets } from './ReferenceNets';
import { RetrainBudget } from './RetrainBudget';
import { RetrainedList } from './RetrainedList';
import { TradeoffChart } from './TradeoffChart';
import './after-search.css';

/** After the search: retrain architectures from scratch, compare them on accuracy vs latency, hand them off. */
export function AfterSearch() {
  return (
    <>
      <section className="card" data-testid="after-search">
        <h2>Retrain and compare</h2>
        <RetrainBudget />
        <div className="grid2" style={{ marginTop: 10 }}>
          <ReferenceNets />
          <RetrainedList />
        </div>
      </section>
      <TradeoffChart />
      <CrossDeviceStudy />
    </>
  );
}

import { BackendPanel } from './BackendPanel';
import { useStudio } from '../store';

export function Header() {
  const status = useStudio((s) => s.status);
  const message = useStudio((s) => s.statusMessage);
  return (
    <header className="header">
      <div>
        <h1>FBNet Studio</h1>
        <div className="sub">Hardware-aware differentiable architecture search (Wu et al., CVPR 2019)</div>
      </div>
      <div className="spacer" />
      <div>
        <span className={`status ${status}`} data-testid="run-status">
          {status}
        </span>
        {message && <span className="sub"> · {message}</span>}
      </div>
      <BackendPanel />
    </header>
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { boot } from './state/actions';
import { initRecovery } from './state/recovery';
import { App } from './ui/App';
import './ui/styles.css';

boot();
void initRecovery();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

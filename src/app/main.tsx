import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { boot } from '../features/search/actions';
import { initRecovery } from '../features/recovery/actions';
import { App } from './App';
import './styles.css';

boot();
void initRecovery();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

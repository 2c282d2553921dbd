import { unstableSetRender } from 'antd';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { App } from './app/App';
import './i18n';
import './styles.css';

// antd 5's imperative pieces (message, Modal.confirm, wave) need React 19's root API.
unstableSetRender((node, container) => {
  const target = container as Element & { _tenureRoot?: Root };
  target._tenureRoot ??= createRoot(target);
  const root = target._tenureRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
  };
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

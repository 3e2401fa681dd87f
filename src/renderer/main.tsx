import { createRoot } from 'react-dom/client'
createRoot(document.getElementById('root')!).render(<div>Kedan 客单</div>)

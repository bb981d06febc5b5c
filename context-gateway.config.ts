// The config `npm start` uses: every example plugin, and the demo data set on an empty Redis.
// Add a plugin: one line below (a path relative to this file, or a package name), with its options.
import { defineConfig } from './src/index.ts';

export default defineConfig({
  demoOnEmpty: true,
  plugins: [
    { path: './plugins-examples/crm/index.ts', options: { maskEmail: false } },
    { path: './plugins-examples/airline/index.ts', options: { code: 'MR' } },
    // Policies and FAQ as knowledge documents (published at start), tickets and chats per customer.
    { path: './plugins-examples/support/index.ts' },
    { path: './plugins-examples/clickstream/index.ts' },
    { path: './plugins-examples/fraud/index.ts', options: { maxSpeedKmh: 900 } },
    // Realtime examples, pointed at the real APIs (base URLs configurable; docs/realtime.md). Without
    // TOMTOM_API_KEY the traffic plugin starts unhealthy and stays out of the context.
    { path: './plugins-examples/weather/index.ts', options: { baseUrl: process.env.OPEN_METEO_URL || 'https://api.open-meteo.com' } },
    { path: './plugins-examples/traffic/index.ts', options: { baseUrl: process.env.TOMTOM_URL || 'https://api.tomtom.com', apiKey: process.env.TOMTOM_API_KEY || undefined } },
  ],
});

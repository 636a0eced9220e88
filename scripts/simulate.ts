/**
 * `npm run simulate -- <provider> --url <URL> [options]`: the package's simulator CLI
 * (cli/simulate.ts, `lead-events-simulate` once installed) run from source. `--help` lists the options.
 */
import { main } from '../cli/simulate';

void main(process.argv.slice(2));

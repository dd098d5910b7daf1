import type { GunicornFacts } from '../core/servers';
import type { Location } from '../core/types';

export type { GunicornFacts };

export type ConfigFacts =
  | {
      kind: 'package-json';
      dir: string;
      dependencies: Record<string, string>;
      /** The package's own name: monorepo imports (`@acme/db`) resolve to its folder. */
      name?: string;
      /** Subpath (`.`, `./client`) to the file it exports, from `exports`, `main`, `module` or `types`. */
      entries?: Record<string, string>;
    }
  | { kind: 'tsconfig'; dir: string; baseUrl?: string; paths: Record<string, string[]>; extends?: string }
  | { kind: 'vercel'; dir: string; maxDuration?: number; location?: Location }
  | { kind: 'dockerfile'; dir: string; command?: string; gunicorn?: GunicornFacts }
  | { kind: 'procfile'; dir: string; processes: Array<{ name: string; command: string; gunicorn?: GunicornFacts }> }
  | { kind: 'python-deps'; dir: string; dependencies: string[] }
  | { kind: 'platform'; dir: string; platform: Platform; location: Location };

/** Hosting platforms recognised from their config files. */
export type Platform = 'vercel' | 'netlify' | 'fly' | 'render' | 'railway' | 'app-engine' | 'heroku' | 'docker';

declare module '../core/facts' {
  interface FactsByLanguage {
    config: ConfigFacts;
  }
}

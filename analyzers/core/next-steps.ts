import type { Locale, Localized, TextEdit } from './types';

/**
 * What a person still has to do after applying a fix, read from what the fix
 * writes: an edited Prisma schema needs a migration, a Django model index
 * needs `makemigrations`, a cache backend needs its client package. Hosts
 * show these once the fix is applied, so no rule has to remember to say it.
 */
interface StepRule {
  applies(edit: TextEdit): boolean;
  step: Localized;
}

const STEPS: StepRule[] = [
  {
    applies: (edit) => edit.file.endsWith('.prisma'),
    step: { en: 'run `npx prisma migrate dev` to create and apply the migration', ko: '`npx prisma migrate dev`로 마이그레이션을 만들고 적용하세요' },
  },
  {
    applies: (edit) => edit.file.endsWith('.py') && /\bmodels\.Index\(|\bdb_index\s*=\s*True/.test(edit.newText),
    step: { en: 'run `python manage.py makemigrations`, then `migrate`', ko: '`python manage.py makemigrations` 다음에 `migrate`를 실행하세요' },
  },
  {
    applies: (edit) => edit.newText.includes('django.core.cache.backends.redis.RedisCache'),
    step: { en: 'make sure `redis` is in your requirements and `REDIS_URL` is set where the app runs', ko: '`redis`가 requirements에 있는지, 앱이 도는 곳에 `REDIS_URL`이 설정되어 있는지 확인하세요' },
  },
  {
    applies: (edit) => edit.newText.includes('django_redis'),
    step: { en: 'add `django-redis` to your requirements', ko: '`django-redis`를 requirements에 추가하세요' },
  },
];

export function nextStepsOf(edits: readonly TextEdit[], locale: Locale): string[] {
  return STEPS.filter((rule) => edits.some((edit) => rule.applies(edit))).map((rule) => rule.step[locale]);
}

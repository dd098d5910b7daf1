import { declareRule } from '../../core/rule';

/** What an `unbounded-query` finding tells its lesson, the report and the simulator. */
export type UnboundedQueryDetails = {
  stack?: string;
  framework?: string;
  /** TypeScript: the database library and operation. */
  library?: string;
  operation?: string;
  /** The model read, whether the list is scoped to one parent's rows, and whether a helper the handler calls reads it. */
  model?: string;
  scopedToParent?: boolean;
  viaHelper?: boolean;
};

/** What the rule reports and what not, with examples `test/rules/docs.test.ts` runs: docs/rules/unbounded-query.md. */
export default declareRule<UnboundedQueryDetails>()({
  id: 'unbounded-query',
  title: { en: 'Query without a limit', ko: '개수 제한 없는 조회' },
  summary: {
    en: 'Returning every row to a client means the response, its memory and its bandwidth grow with the table.',
    ko: '모든 행을 클라이언트에 돌려주면 응답 크기, 메모리, 전송량이 테이블과 함께 커집니다.',
  },
  impact: {
    en: 'A list that returns 50 rows at launch returns 50,000 a year later: slow pages, memory spikes, and a bandwidth bill.',
    ko: '출시 때 50행을 돌려주던 목록이 1년 뒤에는 5만 행을 돌려줍니다. 느린 페이지, 치솟는 메모리, 전송량 청구서가 따라옵니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'unbounded-query',
  fix: 'unsafe',
  languages: ['typescript', 'python'],
  stage: { at: 3 },
  contexts: { request: 'report', background: 'skip', unknown: 'lower', script: 'skip', test: 'skip', build: 'skip' },
  readme: {
    catches: 'list queries without a limit returned to clients',
    matters: 'responses grow with the table',
    where: 'TS/JS; DRF list views, `ListView`, function views',
  },
  messages: {
    // typescript
    tsUnboundedToClient: {
      en: '`{{call}}` sends every matching row to the client: with no `{{limitKey}}`, the response grows with the table. Page it (`{{limitKey}}` plus a cursor).',
      ko: '`{{call}}` 쿼리가 조건에 맞는 모든 행을 클라이언트로 보냅니다. `{{limitKey}}` 제한이 없어 응답이 테이블과 함께 커집니다. 페이지로 나누세요(`{{limitKey}}`{{와/과}} 커서).',
    },
    tsUnboundedToPage: {
      en: '`{{call}}` renders every matching row into the page: with no `{{limitKey}}`, the page grows with the table. Page it (`{{limitKey}}` plus a cursor).',
      ko: '`{{call}}` 쿼리가 조건에 맞는 모든 행을 페이지에 그립니다. `{{limitKey}}` 제한이 없어 페이지가 테이블과 함께 커집니다. 페이지로 나누세요(`{{limitKey}}`{{와/과}} 커서).',
    },
    tsSkipWithoutTake: {
      en: '`{{call}}` skips to a page with `skip` but has no `{{limitKey}}`: it sends every row after the offset, not one page. Add `{{limitKey}}` with the page size.',
      ko: '`{{call}}` 쿼리가 `skip`{{으로/로}} 페이지 위치까지 건너뛰지만 `{{limitKey}}`{{이/가}} 없습니다. 한 페이지가 아니라 그 뒤의 모든 행을 보냅니다. 페이지 크기만큼 `{{limitKey}}`{{을/를}} 추가하세요.',
    },
    tsRowsReturnedBy: { en: '`{{caller}}` returns these rows to the client', ko: '`{{caller}}` 함수가 이 행들을 클라이언트에 돌려줍니다' },
    tsFixLimit: { en: 'Return at most 100 rows: `{{limit}}` (add paging for the rest)', ko: '최대 100행만 반환: `{{limit}}` (나머지는 페이지로)' },

    // python
    pyUnboundedToClient: {
      en: '`{{call}}` returns every matching row to the client: with no slice or paginator, the response grows with the table. Page it (`Paginator`, DRF pagination) or slice it (`[:50]`).',
      ko: '`{{call}}`{{이/가}} 조건에 맞는 모든 행을 클라이언트에 돌려줍니다. 슬라이스도 페이지네이터도 없어 응답이 테이블과 함께 커집니다. 페이지로 나누거나(`Paginator`, DRF 페이지네이션) 잘라서(`[:50]`) 돌려주세요.',
    },
    pyUnboundedToPage: {
      en: '`{{call}}` renders every matching row into the page: with no slice or paginator, the page grows with the table. Page it (`Paginator`) or slice it (`[:50]`).',
      ko: '`{{call}}`{{이/가}} 조건에 맞는 모든 행을 페이지에 그립니다. 슬라이스도 페이지네이터도 없어 페이지가 테이블과 함께 커집니다. 페이지로 나누거나(`Paginator`) 잘라서(`[:50]`) 보여 주세요.',
    },
    pyDrfListUnpaginated: {
      en: '`{{view}}` lists `{{call}}` with no pagination (none on the view, no `DEFAULT_PAGINATION_CLASS` with `PAGE_SIZE` in `REST_FRAMEWORK`): every request returns every row. Set `pagination_class` on the view or a default in settings.',
      ko: '`{{view}}`{{이/가}} `{{call}}`{{을/를}} 페이지 없이 나열합니다(뷰에 `pagination_class`{{이/가}} 없고, `REST_FRAMEWORK`에 `PAGE_SIZE`{{와/과}} 함께 `DEFAULT_PAGINATION_CLASS`도 없습니다). 요청마다 모든 행을 돌려줍니다. 뷰에 `pagination_class`{{을/를}} 지정하거나 설정에 기본값을 두세요.',
    },
    pyDrfPaginationOff: {
      en: '`{{view}}` turns pagination off (`pagination_class = None`), so listing `{{call}}` returns every row on every request. Give it a pagination class.',
      ko: '`{{view}}`{{이/가}} 페이지네이션을 끕니다(`pagination_class = None`). 그래서 `{{call}}` 목록이 요청마다 모든 행을 돌려줍니다. 페이지네이션 클래스를 지정하세요.',
    },
    pyListViewUnpaginated: {
      en: '`{{view}}` renders every `{{model}}` row into one page: a `ListView` without `paginate_by` grows with the table. Set `paginate_by = {{pageSize}}` and add page links to the template.',
      ko: '`{{view}}`{{이/가}} `{{model}}`의 모든 행을 한 페이지에 그립니다. `paginate_by` 없는 `ListView`{{은/는}} 테이블과 함께 커집니다. `paginate_by = {{pageSize}}`{{을/를}} 지정하고 템플릿에 페이지 링크를 더하세요.',
    },
    pySentHere: { en: 'the rows are sent here', ko: '여기서 행을 보냅니다' },
    pyRenderedHere: { en: 'the rows are rendered here', ko: '여기서 행을 그립니다' },
    pyFixSlice: { en: 'Return at most {{limit}} rows: `[:{{limit}}]` (add paging for the rest)', ko: '최대 {{limit}}행만 반환: `[:{{limit}}]` (나머지는 페이지로)' },
    pyFixPaginateBy: { en: 'Show {{pageSize}} rows per page: `paginate_by = {{pageSize}}` (the template needs page links)', ko: '페이지당 {{pageSize}}행: `paginate_by = {{pageSize}}` (템플릿에 페이지 링크 필요)' },

  },
});

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeProject, createEngine, defaultConfig, type SourceFile } from '../../analyzers';
import { pythonWorkspace } from '../../analyzers/python/workspace';
import { nodeParserAssets } from '../../host/assets';

const settings = { locale: 'en' as const, config: defaultConfig() };

describe('python workspace: where each function runs', () => {
  const files: Record<string, string> = {
    'shop/services.py': ['def notify(order):', '    return order', '', 'def purge():', '    return 1', '', 'def warm():', '    return 2', '', 'def record(event):', '    return event', ''].join('\n'),
    'shop/views.py': [
      'import stripe',
      'from django.contrib.admin.views.decorators import staff_member_required',
      'from .services import notify, record',
      '',
      'def checkout(request):',
      '    notify(request.POST)',
      '',
      '@staff_member_required',
      'def rebuild(request):',
      '    record("rebuild")',
      '',
      'def stripe_events(request):',
      '    stripe.Webhook.construct_event(request.body, request.META["HTTP_STRIPE_SIGNATURE"], "s")',
      '    record("paid")',
      '',
    ].join('\n'),
    'shop/tasks.py': ['import dramatiq', 'from .services import notify', '', '@dramatiq.actor', 'def resend(order):', '    notify(order)', ''].join('\n'),
    'shop/apps.py': ['from django.apps import AppConfig', 'from .services import warm', '', 'class ShopConfig(AppConfig):', '    def ready(self):', '        warm()', ''].join('\n'),
    'shop/management/commands/purge.py': ['from django.core.management.base import BaseCommand', 'from shop.services import purge', '', 'class Command(BaseCommand):', '    def handle(self, *args, **options):', '        purge()', ''].join('\n'),
  };
  let ws: ReturnType<typeof pythonWorkspace>;

  before(async () => {
    const engine = createEngine();
    const sources: SourceFile[] = Object.entries(files).map(([file, text]) => ({ path: file, text }));
    await engine.prepare(sources.map((source) => source.path), nodeParserAssets(path.join(__dirname, '..', '..', 'host')));
    ws = pythonWorkspace(analyzeProject(engine, sources, settings, { onlyRules: [] }).facts, []);
  });

  it('takes the costliest context of the entry points that reach a function', () => {
    assert.equal(ws.contextOf('shop/services.py#notify').context, 'request', 'a view and an actor reach it');
    assert.equal(ws.contextOf('shop/services.py#purge').context, 'script', 'only a management command does');
    assert.equal(ws.contextOf('shop/services.py#warm').context, 'script', 'only AppConfig.ready() does');
    assert.equal(ws.contextOf('shop/tasks.py#resend').context, 'background');
    assert.equal(ws.contextOf('shop/views.py#stripe_events').context, 'background', 'a webhook receiver');
  });

  it('knows what only staff can run', () => {
    assert.equal(ws.contextOf('shop/views.py#rebuild').staffOnly, true);
    assert.equal(ws.contextOf('shop/services.py#record').staffOnly, true, 'the staff view and a webhook reach it, no public view');
    assert.equal(ws.contextOf('shop/services.py#notify').staffOnly, false);
  });
});

import type { GeneratedFile } from './corpus-next';
import { Random } from './random';

/**
 * A generated Django + DRF + Celery project of ~4,300 `.py` files: many apps,
 * each with models, views, serializers, URLs, admin, tasks, services, forms,
 * signals and tests, plus split settings. ORM loops, unbounded querysets,
 * in-process caches and slow calls in views sit among clean code.
 */
const DOMAINS = [
  'accounts', 'billing', 'catalog', 'orders', 'inventory', 'shipping', 'reviews', 'search', 'notifications', 'messaging',
  'analytics', 'reports', 'teams', 'projects', 'tasks', 'calendar', 'documents', 'media', 'payments', 'coupons', 'crm',
  'support', 'knowledge', 'courses', 'quizzes', 'forums', 'events', 'tickets', 'audit', 'integrations',
];
const FIELDS = [
  ['title', 'models.CharField(max_length=200)'],
  ['slug', 'models.SlugField(unique=True)'],
  ['status', "models.CharField(max_length=20, default='draft')"],
  ['amount', 'models.DecimalField(max_digits=10, decimal_places=2, default=0)'],
  ['quantity', 'models.PositiveIntegerField(default=0)'],
  ['is_active', 'models.BooleanField(default=True)'],
  ['notes', 'models.TextField(blank=True)'],
  ['published_at', 'models.DateTimeField(null=True, blank=True)'],
  ['metadata', 'models.JSONField(default=dict)'],
  ['email', 'models.EmailField(blank=True)'],
  ['rank', 'models.IntegerField(default=0)'],
  ['external_id', 'models.CharField(max_length=64, db_index=True)'],
];

const pascal = (word: string) => word.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

export function generateDjangoApp(seed = 2, targetFiles = 4_300): GeneratedFile[] {
  const random = new Random(seed);
  const files: GeneratedFile[] = [
    { path: 'manage.py', text: manage() },
    { path: 'config/__init__.py', text: "from .celery import app as celery_app\n\n__all__ = ('celery_app',)\n" },
    { path: 'config/celery.py', text: "import os\n\nfrom celery import Celery\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\n\napp = Celery('config')\napp.config_from_object('django.conf:settings', namespace='CELERY')\napp.autodiscover_tasks()\n" },
    { path: 'config/settings/base.py', text: settings(random) },
    { path: 'config/settings/production.py', text: "from .base import *  # noqa: F401,F403\n\nDEBUG = False\nCACHES = {\n    'default': {\n        'BACKEND': 'django.core.cache.backends.locmem.LocMemCache',\n    }\n}\n" },
    { path: 'config/urls.py', text: "from django.contrib import admin\nfrom django.urls import include, path\n\nurlpatterns = [\n    path('admin/', admin.site.urls),\n    path('api/', include('apps.api_urls')),\n]\n" },
    { path: 'requirements.txt', text: 'Django==5.0.6\ndjangorestframework==3.15.1\ncelery==5.4.0\nopenai==1.30.1\ngunicorn==22.0.0\nrequests==2.32.3\n' },
    { path: 'Procfile', text: 'web: gunicorn config.wsgi --workers 4 --threads 2\nworker: celery -A config worker\n' },
  ];
  files.push({ path: 'apps/reporting/views.py', text: largeViews(random, 1_000) });
  const perApp: Array<(app: string, module: string, models: string[]) => GeneratedFile> = [
    (_app, module, models) => ({ path: `${module}/models.py`, text: modelsFile(random, models) }),
    (_app, module, models) => ({ path: `${module}/views.py`, text: viewsFile(random, models) }),
    (_app, module, models) => ({ path: `${module}/serializers.py`, text: serializersFile(models) }),
    (_app, module, models) => ({ path: `${module}/urls.py`, text: urlsFile(models) }),
    (_app, module, models) => ({ path: `${module}/admin.py`, text: adminFile(models) }),
    (app, module) => ({ path: `${module}/apps.py`, text: `from django.apps import AppConfig\n\n\nclass ${pascal(app)}Config(AppConfig):\n    default_auto_field = 'django.db.models.BigAutoField'\n    name = '${module.replace(/\//g, '.')}'\n` }),
    (_app, module, models) => ({ path: `${module}/tasks.py`, text: tasksFile(random, models) }),
    (_app, module, models) => ({ path: `${module}/services.py`, text: servicesFile(random, models) }),
    (_app, module, models) => ({ path: `${module}/forms.py`, text: formsFile(models) }),
    (_app, module, models) => ({ path: `${module}/signals.py`, text: signalsFile(models) }),
    (_app, module) => ({ path: `${module}/__init__.py`, text: '' }),
    (_app, module) => ({ path: `${module}/tests/__init__.py`, text: '' }),
  ];
  for (let index = 0; files.length < targetFiles; index++) {
    const app = `${random.pick(DOMAINS)}_${index}`;
    const module = `apps/${app}`;
    const models = Array.from({ length: random.int(2, 5) }, (_, m) => `${pascal(random.pick(DOMAINS)).replace(/s$/, '')}${index}${m}`);
    for (const make of perApp) files.push(make(app, module, models));
    for (let t = random.int(2, 8); t > 0; t--) files.push({ path: `${module}/tests/test_${random.pick(['views', 'models', 'api', 'tasks', 'services'])}_${t}.py`, text: testFile(random, app, models) });
  }
  return files.slice(0, targetFiles);
}

function manage(): string {
  return "#!/usr/bin/env python\nimport os\nimport sys\n\n\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.base')\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n\n\nif __name__ == '__main__':\n    main()\n";
}

function settings(random: Random): string {
  const apps = DOMAINS.map((domain) => `    'apps.${domain}_${random.int(0, 9)}',`).join('\n');
  return `from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent.parent\nSECRET_KEY = 'change-me'\nDEBUG = True\nALLOWED_HOSTS = ['*']\n\nINSTALLED_APPS = [\n    'django.contrib.admin',\n    'django.contrib.auth',\n    'django.contrib.contenttypes',\n    'rest_framework',\n${apps}\n]\n\nDATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'app',\n        'CONN_MAX_AGE': 60,\n    }\n}\n\nREST_FRAMEWORK = {\n    'DEFAULT_PAGINATION_CLASS': 'rest_framework.pagination.PageNumberPagination',\n    'PAGE_SIZE': 50,\n}\n\nCELERY_BROKER_URL = 'redis://localhost:6379/0'\n`;
}

function modelsFile(random: Random, models: string[]): string {
  const out = ['from django.conf import settings', 'from django.db import models', ''];
  models.forEach((model, index) => {
    const fields = [...FIELDS].sort(() => random.next() - 0.5).slice(0, random.int(5, 10));
    out.push('', `class ${model}(models.Model):`, `    """A ${model.toLowerCase()} as the business tracks it."""`, '');
    out.push('    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name=' + `'${model.toLowerCase()}_set')`);
    if (index > 0) out.push(`    parent = models.ForeignKey('${models[index - 1]}', on_delete=models.SET_NULL, null=True, blank=True)`);
    for (const [name, definition] of fields) out.push(`    ${name} = ${definition}`);
    out.push('    created_at = models.DateTimeField(auto_now_add=True)', '    updated_at = models.DateTimeField(auto_now=True)', '');
    out.push('    class Meta:', "        ordering = ['-created_at']");
    if (random.chance(0.5)) out.push(`        indexes = [models.Index(fields=['${fields[0][0]}', 'created_at'])]`);
    out.push('', '    def __str__(self):', `        return f'${model} {self.pk}'`, '');
    out.push('    @property', '    def age_days(self):', '        from django.utils import timezone', '', '        return (timezone.now() - self.created_at).days');
  });
  return out.join('\n') + '\n';
}

function viewsFile(random: Random, models: string[]): string {
  const imports = models.join(', ');
  const out = [
    'import time',
    '',
    'import requests',
    'from django.core.mail import send_mail',
    'from django.http import JsonResponse',
    'from django.shortcuts import get_object_or_404',
    'from rest_framework import permissions, viewsets',
    'from rest_framework.decorators import api_view',
    'from rest_framework.response import Response',
    '',
    `from .models import ${imports}`,
    `from .serializers import ${models.map((model) => model + 'Serializer').join(', ')}`,
    '',
    '_recent_lookups = {}',
    '',
  ];
  for (const model of models) {
    const lower = model.toLowerCase();
    out.push(
      '',
      `class ${model}ViewSet(viewsets.ModelViewSet):`,
      `    queryset = ${model}.objects.select_related('owner').all()`,
      `    serializer_class = ${model}Serializer`,
      '    permission_classes = [permissions.IsAuthenticated]',
      '',
      '    def get_queryset(self):',
      "        return super().get_queryset().filter(owner=self.request.user)",
      '',
      '',
      '@api_view([\'GET\'])',
      `def ${lower}_summary(request, pk):`,
      `    item = get_object_or_404(${model}, pk=pk)`,
      `    _recent_lookups[pk] = item.pk`,
      '    children = []',
    );
    if (random.chance(0.5)) {
      out.push(`    for other in ${model}.objects.filter(owner=request.user):`, '        children.append({"id": other.pk, "owner": other.owner.email})');
    } else {
      out.push(`    for other in ${model}.objects.filter(owner=request.user).select_related('owner')[:50]:`, '        children.append({"id": other.pk, "owner": other.owner.email})');
    }
    if (random.chance(0.3)) out.push("    send_mail('Viewed', f'{item} was viewed', 'noreply@example.com', [request.user.email])");
    if (random.chance(0.2)) out.push("    requests.post('https://hooks.example.com/viewed', json={'id': item.pk})", '    time.sleep(1)');
    out.push('    return Response({"item": str(item), "children": children})', '');
    out.push('', `def ${lower}_export(request):`, `    rows = list(${model}.objects.values('id', 'created_at'))`, '    return JsonResponse({"rows": rows})', '');
  }
  return out.join('\n') + '\n';
}

/** The 1,000-line file the on-type latency is measured in. */
function largeViews(random: Random, lines: number): string {
  const models = Array.from({ length: 40 }, (_, index) => `Report${index}`);
  return viewsFile(random, models).split('\n').slice(0, lines).join('\n') + '\n';
}

function serializersFile(models: string[]): string {
  const out = ['from rest_framework import serializers', '', `from .models import ${models.join(', ')}`, ''];
  for (const model of models) {
    out.push('', `class ${model}Serializer(serializers.ModelSerializer):`, '    owner_email = serializers.SerializerMethodField()', '', '    class Meta:', `        model = ${model}`, "        fields = '__all__'", "        read_only_fields = ['created_at', 'updated_at']", '', '    def get_owner_email(self, obj):', '        return obj.owner.email', '', '    def validate(self, attrs):', "        if attrs.get('quantity', 0) < 0:", "            raise serializers.ValidationError('quantity must be positive')", '        return attrs', '');
  }
  return out.join('\n') + '\n';
}

function urlsFile(models: string[]): string {
  const out = ['from django.urls import include, path', 'from rest_framework.routers import DefaultRouter', '', 'from . import views', '', 'router = DefaultRouter()'];
  for (const model of models) out.push(`router.register(r'${model.toLowerCase()}s', views.${model}ViewSet)`);
  out.push('', 'urlpatterns = [', "    path('', include(router.urls)),");
  for (const model of models) out.push(`    path('${model.toLowerCase()}s/<int:pk>/summary/', views.${model.toLowerCase()}_summary),`);
  out.push(']', '');
  return out.join('\n');
}

function adminFile(models: string[]): string {
  const out = ['from django.contrib import admin', '', `from .models import ${models.join(', ')}`, ''];
  for (const model of models) out.push('', `@admin.register(${model})`, `class ${model}Admin(admin.ModelAdmin):`, "    list_display = ['id', 'owner', 'created_at']", "    search_fields = ['id']", "    list_filter = ['created_at']", '');
  return out.join('\n');
}

function tasksFile(random: Random, models: string[]): string {
  const out = ['from celery import shared_task', 'from django.core.mail import send_mail', '', `from .models import ${models.join(', ')}`, ''];
  for (const model of models) {
    out.push('', '@shared_task(bind=True, max_retries=3)', `def refresh_${model.toLowerCase()}(self, pk):`, '    try:', `        item = ${model}.objects.get(pk=pk)`, `    except ${model}.DoesNotExist:`, '        return None', '    item.save(update_fields=["updated_at"])', '    return item.pk', '');
    if (random.chance(0.4)) out.push('', '@shared_task', `def notify_${model.toLowerCase()}_owners():`, `    for item in ${model}.objects.all():`, "        send_mail('Update', str(item), 'noreply@example.com', [item.owner.email])", '');
  }
  return out.join('\n');
}

function servicesFile(random: Random, models: string[]): string {
  const out = ['from decimal import Decimal', '', 'from django.db import transaction', 'from django.db.models import Count, Q, Sum', '', `from .models import ${models.join(', ')}`, ''];
  for (const model of models) {
    const lower = model.toLowerCase();
    out.push(
      '',
      `def totals_for_${lower}(owner):`,
      `    qs = ${model}.objects.filter(owner=owner)`,
      "    return qs.aggregate(count=Count('id'), total=Sum('rank'))",
      '',
      '',
      `def bulk_update_${lower}(ids, status):`,
      '    with transaction.atomic():',
      `        return ${model}.objects.filter(pk__in=ids).update(status=status)`,
      '',
      '',
      `def search_${lower}(term):`,
      `    return ${model}.objects.filter(Q(title__icontains=term) | Q(notes__icontains=term))`,
      '',
    );
    if (random.chance(0.5)) {
      out.push('', `def price_${lower}(items, rate=Decimal('1.1')):`, '    result = []', '    for item in items:', '        if item is None:', '            continue', '        result.append(item * rate)', '    return result', '');
    }
  }
  return out.join('\n');
}

function formsFile(models: string[]): string {
  const out = ['from django import forms', '', `from .models import ${models.join(', ')}`, ''];
  for (const model of models) out.push('', `class ${model}Form(forms.ModelForm):`, '    class Meta:', `        model = ${model}`, "        exclude = ['owner', 'created_at', 'updated_at']", '');
  return out.join('\n');
}

function signalsFile(models: string[]): string {
  const out = ['from django.db.models.signals import post_save', 'from django.dispatch import receiver', '', `from .models import ${models.join(', ')}`, ''];
  for (const model of models) out.push('', `@receiver(post_save, sender=${model})`, `def on_${model.toLowerCase()}_saved(sender, instance, created, **kwargs):`, '    if created:', '        instance.refresh_from_db()', '');
  return out.join('\n');
}

function testFile(random: Random, app: string, models: string[]): string {
  const out = ['from django.contrib.auth import get_user_model', 'from django.test import TestCase', '', `from apps.${app}.models import ${models.join(', ')}`, ''];
  for (const model of models) {
    out.push('', `class ${model}Tests(TestCase):`, '    def setUp(self):', "        self.user = get_user_model().objects.create(username='u')", '');
    for (let n = random.int(2, 6); n > 0; n--) {
      out.push(`    def test_case_${n}(self):`, `        item = ${model}.objects.create(owner=self.user)`, '        self.assertIsNotNone(item.pk)', `        self.assertEqual(${model}.objects.count(), 1)`, '');
    }
  }
  return out.join('\n');
}

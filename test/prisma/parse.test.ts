import * as assert from 'node:assert/strict';
import { analyzeProject, createEngine, defaultConfig } from '../../analyzers';
import { LineMap } from '../../analyzers/core/text';
import { extractPrismaFacts, type PrismaFacts } from '../../analyzers/prisma/facts';
import { parsePrismaSchema, type Span } from '../../analyzers/prisma/parse';

const SCHEMA = `datasource db {
  provider     = "postgresql"
  url          = env("DATABASE_URL")
  relationMode = "prisma"
}

/// A post.
model Post {
  id       Int      @id @default(autoincrement())
  authorId Int      @map("author_id") // the writer
  author   User     @relation("Writes", fields: [authorId], references: [id], onDelete: Cascade)
  tags     String[]
  note     String?  @db.VarChar(255)

  @@index([authorId, id(sort: Desc)], map: "post_author")
  @@map("posts")
}
`;

const text = (source: string, span: Span) => source.slice(span.start, span.end);

function factsOf(source: string, path = 'prisma/schema.prisma'): PrismaFacts {
  return extractPrismaFacts({ path, text: source, language: 'prisma', hash: 'h', lines: new LineMap(source), tree: { ast: parsePrismaSchema(source) } });
}

describe('Prisma schema parser', () => {
  it('keeps exact spans for blocks, fields, attributes and assignments', () => {
    const ast = parsePrismaSchema(SCHEMA);
    assert.deepEqual(ast.problems, []);
    const [datasource, model] = ast.blocks;
    assert.equal(text(SCHEMA, datasource.assignments[0]), 'provider     = "postgresql"');
    assert.equal(text(SCHEMA, datasource.assignments[2]), 'relationMode = "prisma"');
    assert.ok(text(SCHEMA, model).startsWith('model Post {') && text(SCHEMA, model).endsWith('}'));
    assert.equal(text(SCHEMA, model.nameSpan), 'Post');
    const authorId = model.fields[1];
    assert.equal(text(SCHEMA, authorId), 'authorId Int      @map("author_id")');
    const relation = model.fields[2].attributes[0];
    assert.equal(text(SCHEMA, relation), '@relation("Writes", fields: [authorId], references: [id], onDelete: Cascade)');
    assert.equal(text(SCHEMA, model.fields[4].attributes[0]), '@db.VarChar(255)');
    assert.equal(model.fields[4].attributes[0].name, 'db.VarChar');
    assert.equal(text(SCHEMA, model.attributes[0]), '@@index([authorId, id(sort: Desc)], map: "post_author")');
    assert.deepEqual(
      model.fields.map((field) => [field.name, field.type, field.list, field.optional]),
      [
        ['id', 'Int', false, false],
        ['authorId', 'Int', false, false],
        ['author', 'User', false, false],
        ['tags', 'String', true, false],
        ['note', 'String', false, true],
      ],
    );
  });

  it('counts offsets in UTF-16 code units', () => {
    const source = 'model Cafe {\n  // 😀 before\n  name  String @default("é😀")\n  naive String @unique\n}\n';
    const [name, naive] = parsePrismaSchema(source).blocks[0].fields;
    assert.equal(text(source, name), 'name  String @default("é😀")');
    assert.equal(naive.start, source.indexOf('naive'));
    assert.equal(text(source, naive), 'naive String @unique');
  });

  it('reads attribute lists that span lines', () => {
    const source = 'model A {\n  a Int\n  b Int\n  @@index([\n    a,\n    b\n  ])\n}\n';
    const ast = parsePrismaSchema(source);
    assert.deepEqual(ast.problems, []);
    assert.equal(ast.blocks[0].attributes[0].args[0].value.kind, 'array');
  });

  it('still yields the models that parse in a schema mid-edit', () => {
    const source = [
      'model A {',
      '  id Int @id',
      '  name',
      '  email String @',
      '  bio String @whatever(1, [2',
      '  ref Int @relation(fields: [id]',
      '',
      'model B {',
      '  id Int @id',
      '  % junk',
      '}',
      '}',
      'model B {',
      '  other Int',
      '}',
      'model C {',
      '  id Int @id',
    ].join('\n');
    const ast = parsePrismaSchema(source);
    assert.deepEqual(ast.blocks.map((block) => [block.name, block.close === undefined]), [['A', true], ['B', false], ['B', false], ['C', true]]);
    assert.deepEqual(ast.blocks[0].fields.map((field) => field.name), ['id', 'email', 'bio', 'ref']);
    assert.ok(ast.problems.length >= 5);
    const facts = factsOf(source);
    assert.deepEqual(facts.models.map((model) => model.name), ['A', 'B', 'B', 'C']);
    assert.equal(facts.models[0].insertion, undefined, 'no edit into an unclosed block');
  });

  it('never throws, on any prefix of a schema or on noise', () => {
    for (let end = 0; end <= SCHEMA.length; end++) factsOf(SCHEMA.slice(0, end));
    const alphabet = ['model', 'X', '{', '}', '(', ')', '[', ']', '@', '@@', '"', ',', ':', '=', '?', '\n', ' ', '//', 'index', 'relation', '\r\n', '-1', '.'];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      let source = '';
      for (let i = 0; i < 60; i++) source += alphabet[Math.floor(random() * alphabet.length)];
      factsOf(source);
    }
  });
});

describe('Prisma schema facts', () => {
  it('lists fields, relations, maps and index prefixes', () => {
    const facts = factsOf(SCHEMA);
    assert.equal(facts.datasource?.provider, 'postgresql');
    assert.equal(facts.datasource?.relationMode, 'prisma');
    assert.equal(facts.datasource?.relationModeSetting, 'relationMode');
    const [post] = facts.models;
    assert.equal(post.dbName, 'posts');
    const authorId = post.fields.find((field) => field.name === 'authorId')!;
    assert.equal(authorId.dbName, 'author_id');
    assert.equal(authorId.location.range.start.line, 10);
    const author = post.fields.find((field) => field.name === 'author')!;
    assert.deepEqual(author.relation && { name: author.relation.name, fields: author.relation.fields, references: author.relation.references }, { name: 'Writes', fields: ['authorId'], references: ['id'] });
    assert.deepEqual(post.indexes.map((index) => [index.kind, index.fields, index.source]), [
      ['id', ['id'], 'field'],
      ['index', ['authorId', 'id'], 'block'],
    ]);
  });

  it('reads the legacy referentialIntegrity setting', () => {
    const facts = factsOf('datasource db {\n  provider = "mysql"\n  referentialIntegrity = "prisma"\n}\n');
    assert.equal(facts.datasource?.relationMode, 'prisma');
    assert.equal(facts.datasource?.relationModeSetting, 'referentialIntegrity');
  });

  it('places a new block attribute like the model’s own, with CRLF line ends', () => {
    const source = 'model A {\r\n\tid Int @id\r\n\tb  Int\r\n}\r\n';
    const [model] = factsOf(source).models;
    assert.deepEqual(model.insertion, { offset: source.indexOf('\r\n}'), eol: '\r\n', indent: '\t', blankLine: true });
    const withAttributes = 'model A {\n  id Int @id\n  b Int\n\n    @@map("a") // table\n}\n';
    const [other] = factsOf(withAttributes).models;
    assert.deepEqual(other.insertion, { offset: withAttributes.indexOf('\n}'), eol: '\n', indent: '    ', blankLine: false });
  });

  it('merges multi-file schemas: the datasource of one file applies to the models of the others', () => {
    const engine = createEngine();
    const result = analyzeProject(
      engine,
      [
        { path: 'prisma/schema/main.prisma', text: 'datasource db {\n  provider = "sqlite"\n  url = "file:dev.db"\n}\n' },
        { path: 'prisma/schema/models/post.prisma', text: 'model Post {\n  id Int @id\n  userId Int\n  user User @relation(fields: [userId], references: [id])\n}\n' },
        { path: 'prisma/schema/user.prisma', text: 'model User {\n  id Int @id\n  posts Post[]\n}\n' },
        // Another app's schema in the same repository stays separate.
        { path: 'apps/other/prisma/schema.prisma', text: 'datasource db {\n  provider = "mongodb"\n  url = env("X")\n}\nmodel Post {\n  id String @id\n  userId String\n  user User @relation(fields: [userId], references: [id])\n}\nmodel User {\n  id String @id\n  posts Post[]\n}\n' },
      ],
      // A foreign key no query reads is a low-confidence finding.
      { locale: 'en', config: { ...defaultConfig(), minConfidence: 'low' } },
      { onlyRules: ['missing-index'] },
    );
    const findings = result.files.flatMap((file) => file.findings);
    assert.deepEqual(findings.map((finding) => [finding.file, finding.range.start.line]), [['prisma/schema/models/post.prisma', 3]]);
    assert.equal(findings[0].details?.provider, 'sqlite');
    assert.deepEqual(findings[0].fixes?.[0].edits.map((edit) => edit.file), ['prisma/schema/models/post.prisma', 'prisma/schema/models/post.prisma']);
  });
});

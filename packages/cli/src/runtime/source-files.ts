import type { Project } from '@confiture/core';
import { readFile } from 'node:fs/promises';

/** A project file handed to libraries that look at source text. */
export interface ProjectFile {
  readonly path: string;
  readonly text: string;
}

/** The schema files, then the migration up files, as the embedded database applies them. */
export async function projectSqlFiles(project: Project, options: { migrations: boolean }): Promise<ProjectFile[]> {
  const { listSchemaFiles, loadMigrations } = await import('@confiture/core');
  const schema = await listSchemaFiles({ root: project.root, schemaDirs: project.schemaDirs }).catch((error: unknown) => {
    // A project without db/schema can still be linted from a live database.
    if ((error as { code?: string }).code === 'CONFITURE_DIRECTORY_MISSING') return [];
    throw error;
  });
  const files: ProjectFile[] = [];
  for (const file of schema) files.push({ path: file.path, text: await readFile(file.absolutePath, 'utf8') });
  if (options.migrations) {
    const migrations = await loadMigrations({ root: project.root, migrationsDir: project.migrationsDir }).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'CONFITURE_DIRECTORY_MISSING') return [];
      throw error;
    });
    for (const m of migrations) files.push({ path: m.file, text: m.text });
  }
  return files;
}

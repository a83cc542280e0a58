/** What a form rule answers about a field: a message key and its parameters. Shared by every form. */
import type { MessageKey } from "../i18n/catalog.ts";

export type FieldErrorMap = Partial<Record<string, { key: MessageKey; params?: Record<string, number> }>>;

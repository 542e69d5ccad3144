import { Type, type TSchema } from '@sinclair/typebox';
import { MAX_INT } from './boundary.js';

/** `?limit=&offset=` on every list; both bounded, so no number the database or the serializer cannot hold gets through. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_INT, default: 0 })),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ description: 'How many items match, on all pages' }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  });

export interface PageArgs {
  limit?: number;
  offset?: number;
}

export const pageOf = <T>(items: T[], total: number, args: PageArgs) => ({
  items,
  total,
  limit: args.limit ?? 50,
  offset: args.offset ?? 0,
});

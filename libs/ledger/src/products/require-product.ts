import { notFound } from '@ledger/domain';
import { ProductRepository } from '../core/product-repository';

export async function requireProduct(
  products: ProductRepository,
  productId: string,
): Promise<void> {
  if (!(await products.exists(productId))) {
    throw notFound('productId', 'product.exists', `product ${productId} does not exist`);
  }
}

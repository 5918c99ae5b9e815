/**
 * The request inspector's storage, beside the main Store (`store.inspector`): bins and the requests they received,
 * only the newest `keep` per bin kept. Every backend implements it and passes test/relay/store/inspectorStoreContract.ts.
 */
import type { InspectedRequest, InspectorBin, ListOptions, Page } from './types.ts';

export interface InspectorStore {
  createBin(bin: InspectorBin): Promise<InspectorBin>;
  getBin(id: string): Promise<InspectorBin | null>;
  listBins(): Promise<InspectorBin[]>;
  /** Deletes the bin and its requests. */
  deleteBin(id: string): Promise<boolean>;
  recordRequest(request: InspectedRequest, keep: number): Promise<void>;
  listRequests(binId: string, options: ListOptions): Promise<Page<InspectedRequest>>;
}

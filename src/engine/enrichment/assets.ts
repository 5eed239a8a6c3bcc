// Captions and attachments: each file goes up through its own upload token (one request: caption
// files are small), then one multirequest makes the asset and gives it the token
// (`add` + `setContent({1:result:id})`, and `setAsDefault` for a default caption).
// Exactly one asset per file, whatever answers are lost: the asset carries a marker (its
// `partnerData`: the token id), so a try after a lost answer first looks at the entry's assets and
// the token. Found with the token CLOSED: the earlier try did it all. Found, token still FULL: it
// only lacks its content. Not found: nothing was made, the calls go again. A file that ends in an
// error leaves neither its token nor an empty asset behind.
import type { CallContext } from '../../kaltura/client.js';
import { addAssetCalls, ASSET_SERVICE, attachmentAsset, captionAsset, deleteAssetCall, listAssetsCall, type AssetKind } from '../../kaltura/asset-api.js';
import { AssetStatus, multirequest, type KalturaAsset, type KalturaCall, type KalturaList } from '../../kaltura/enrichment-types.js';
import { TokenStatus, type KalturaUploadToken } from '../../kaltura/types.js';
import type { AssetOutcome, AttachmentOption, CaptionOption } from './enrichment-options.js';
import type { EnrichmentContext } from './enrichment-kit.js';

/** Adds every file as an asset of `kind`; outcomes in the order given. */
export async function addAssets(ctx: EnrichmentContext, kind: AssetKind, items: Array<CaptionOption | AttachmentOption>): Promise<AssetOutcome[]> {
  const toUploadError = ctx.kit[5];
  const made = await Promise.all(items.map((item, i) => addAsset(ctx, kind, item, i).catch((e) => toUploadError(e))));
  await tidy(ctx, kind, made.filter((m): m is MadeAsset => !(m instanceof Error)));
  return made.map((m) => (m instanceof Error ? { error: m } : { id: m.id }));
}

interface MadeAsset {
  id: string;
  marker: string;
  tokenId: string;
  isDefault?: boolean;
}

/**
 * A browser may send a POST again on its own (a reset keep-alive connection), more than once, and
 * the server then runs it each time, unseen by the engine, whose answer may be the last run's: an
 * asset that got the token only after an earlier run used it (IMPORTING for ever). So once all are
 * made, the entry's assets are read back: the one that took the file (the token's attached object,
 * else the READY one with the marker) is kept and reported, the other assets with this upload's
 * marker are twins and go, and a default caption whose flag a twin took gets it back. Best effort:
 * the assets made are reported either way; a plain USER KS may not delete attachments
 * (ATTACHMENT_MODIFY), so there an empty twin stays (status 0, never shown by a player).
 */
async function tidy(ctx: EnrichmentContext, kind: AssetKind, made: MadeAsset[]): Promise<void> {
  const { host, kit, entryId } = ctx;
  const [request, callKaltura] = kit;
  if (!made.length) return;
  await request(host, async (c) => {
    const [list, ...tokens] = await callKaltura<[KalturaList<KalturaAsset>, ...KalturaUploadToken[]]>(c, 'multirequest', undefined, multirequest([
      listAssetsCall(kind, entryId), ...made.map((m) => ({ service: 'uploadtoken', action: 'get', uploadTokenId: m.tokenId })),
    ]));
    const assets = list?.objects ?? [];
    const calls = made.flatMap((m, i) => {
      const marked = assets.filter((a) => a.partnerData === m.marker);
      const keep = marked.find((a) => a.id === tokens[i]?.attachedObjectId) ?? marked.find((a) => a.status === AssetStatus.READY) ?? marked.find((a) => a.id === m.id);
      if (!keep) return [];
      m.id = keep.id;
      return [
        ...marked.filter((a) => a !== keep).map((a) => deleteAssetCall(kind, a.id)),
        ...(m.isDefault && !Number(keep.isDefault) ? [{ service: ASSET_SERVICE[kind], action: 'setAsDefault', captionAssetId: keep.id }] : []),
      ];
    });
    if (calls.length) await callKaltura(c, 'multirequest', undefined, multirequest(calls));
  }).catch(() => {});
}

async function addAsset(ctx: EnrichmentContext, kind: AssetKind, item: CaptionOption | AttachmentOption, index: number): Promise<MadeAsset> {
  const { host, kit, entryId } = ctx;
  const [request, callKaltura, uploadChunk, apiException, UploadError] = kit;
  const file = item.file;
  const fileName = item.fileName || (file as File).name;
  if (!(file instanceof Blob) || !fileName) throw new UploadError('INVALID_OPTIONS', `${kind} ${index + 1}: a file with a name (or \`fileName\`) is required`);
  if (!file.size) throw new UploadError('EMPTY_FILE', `"${fileName}" is empty`);
  if (kind === 'caption' && !(item as CaptionOption).language) throw new UploadError('INVALID_OPTIONS', `caption "${fileName}": \`language\` is required (a Kaltura language name, e.g. "English")`);

  const token = await request(host, (c) => callKaltura<KalturaUploadToken>(c, 'uploadtoken', 'add', {
    uploadToken: { objectType: 'KalturaUploadToken', fileName, fileSize: file.size },
  }));
  const tokenId = token.id;
  const getToken = (c: CallContext) => callKaltura<KalturaUploadToken>(c, 'uploadtoken', 'get', { uploadTokenId: tokenId });
  try {
    // The whole file in one request; after a lost answer the token says whether it arrived.
    let sent = false;
    await request(host, async (c) => {
      if (sent && (await getToken(c)).status >= TokenStatus.FULL_UPLOAD) return;
      sent = true;
      await uploadChunk(c, { uploadTokenId: tokenId, data: file, fileName, resume: false, resumeAt: 0, finalChunk: true }, () => {});
    });
    const marker = `kcu:${tokenId}`;
    const asset = kind === 'caption' ? captionAsset(item as CaptionOption, fileName, marker) : attachmentAsset(item as AttachmentOption, file, fileName, marker);
    /** Sends `calls` (add first, unless the asset is `known`); resolves with the asset's id. */
    const send = async (c: CallContext, calls: KalturaCall[], known?: string): Promise<string> => {
      const answers = await callKaltura<unknown[]>(c, 'multirequest', undefined, multirequest(calls));
      const list = Array.isArray(answers) ? answers : [];
      const errors = calls.map((call, i) => apiException(list[i], `${call.service}.${call.action}`));
      if (!known && errors[0]) throw errors[0];
      const id = known ?? (list[0] as KalturaAsset | undefined)?.id;
      if (typeof id !== 'string' || !id) throw new UploadError('BAD_RESPONSE', `${calls[0]!.service}.add: no asset id`, { retryable: true });
      const failed = errors.find(Boolean);
      if (failed) {
        // A passing failure (retryable) is tried again, and finds the asset; any other: the asset
        // this upload just made stays empty, so it goes (best effort).
        if (!failed.retryable) await callKaltura(c, 'multirequest', undefined, multirequest([deleteAssetCall(kind, id)])).catch(() => {});
        throw failed;
      }
      return id;
    };
    let tried = false;
    const id = await request(host, async (c) => {
      if (tried) {
        const [list, latest] = await callKaltura<[KalturaList<KalturaAsset>, KalturaUploadToken]>(c, 'multirequest', undefined,
          multirequest([listAssetsCall(kind, entryId), { service: 'uploadtoken', action: 'get', uploadTokenId: tokenId }]));
        // The one that took the token: named by it, else READY with the marker, else any with it.
        const marked = list?.objects?.filter((a) => a.partnerData === marker) ?? [];
        const mine = list?.objects?.find((a) => !!latest?.attachedObjectId && a.id === latest.attachedObjectId) ?? marked.find((a) => a.status === AssetStatus.READY) ?? marked[0];
        if (latest?.status === TokenStatus.CLOSED) {
          if (mine) return mine.id;
          // A server that keeps neither the marker nor the attached object: the newest READY
          // asset of the entry with this one's label and language (captions) or file name.
          const asked = asset as Partial<KalturaAsset>;
          const alike = list?.objects?.filter((a) => a.status === AssetStatus.READY && (kind === 'caption' ? a.label === asked.label && a.language === asked.language : a.filename === asked.filename));
          const newest = alike?.[alike.length - 1];
          if (newest) return newest.id;
          throw new UploadError('BAD_RESPONSE', `Token ${tokenId} went into an asset of ${entryId} that cannot be found`);
        }
        // Made, but the token never reached it: give it the content (and the default flag).
        if (mine) return send(c, addAssetCalls(kind, entryId, asset, tokenId).slice(1).map((call) => replaceRef(call, mine.id)), mine.id);
      }
      tried = true;
      return send(c, addAssetCalls(kind, entryId, asset, tokenId));
    });
    return { id, marker, tokenId, isDefault: kind === 'caption' && !!(item as CaptionOption).isDefault };
  } catch (e) {
    // The token is ours and no asset took it: it goes (best effort).
    await request(host, (c) => callKaltura(c, 'uploadtoken', 'delete', { uploadTokenId: tokenId })).catch(() => {});
    throw e;
  }
}

/** A call naming `{1:result:id}`, sent on its own for the asset `id`. */
const replaceRef = (call: KalturaCall, id: string): KalturaCall =>
  JSON.parse(JSON.stringify(call).replaceAll('{1:result:id}', id)) as KalturaCall;

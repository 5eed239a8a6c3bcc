// Kaltura's API error catalogue (the subset this server raises), in Kaltura's own template format
// `CODE;ARG1,ARG2;message with @ARG1@` (api_v3/lib/KalturaErrors.php, APIErrors.class.php).
// Errors travel as data: an `ApiError` is thrown inside an action and serialized by the handler as a
// KalturaAPIException body with HTTP 200, exactly as Kaltura answers.

const TEMPLATES = {
  INTERNAL_SERVERL_ERROR: ';Internal server error occurred',
  INTERNAL_DATABASE_ERROR: ';Internal database error',
  LOCK_TIMED_OUT: ';Timed out while attempting to grab lock',
  ACTION_BLOCKED: 'ACTION_NAME,SERVICE_NAME;Action "@ACTION_NAME@" in service "@SERVICE_NAME@" is blocked',
  SERVICE_FORBIDDEN_CONTENT_BLOCKED: ';The access to this service is forbidden since the specified partner is blocked',
  USER_BLOCKED: ';this user is blocked',
  MISSING_KS: ';Missing KS, session not established',
  INVALID_KS: 'KSID,ERR_CODE,ERR_DESC;Invalid KS "@KSID@", Error "@ERR_CODE@,@ERR_DESC@"',
  SERVICE_FORBIDDEN: 'SERVICE;The access to service [@SERVICE@] is forbidden',
  START_SESSION_ERROR: 'PID;Error while starting session for partner [@PID@]',
  SERVICE_NOT_SPECIFIED: ';Service name was not specified, please specify one',
  SERVICE_DOES_NOT_EXISTS: 'SRV_NAME;Service "@SRV_NAME@" does not exists',
  ACTION_DOES_NOT_EXISTS: 'ACTION_NAME,SERVICE_NAME;Action "@ACTION_NAME@" does not exists for service "@SERVICE_NAME@"',
  MISSING_MANDATORY_PARAMETER: 'PARAM_NAME;Missing parameter "@PARAM_NAME@"',
  INVALID_ENUM_VALUE:
    'ENUM_VAL,PARAM_NAME,ENUM_TYPE;Invalid enumeration value "@ENUM_VAL@" for parameter "@PARAM_NAME@", expecting enumeration type "@ENUM_TYPE@"',
  INVALID_PARAMETER_CHAR: 'XML_FIELD;Invalid char in "@XML_FIELD@" field',
  PROPERTY_VALIDATION_NOT_UPDATABLE: 'PROP_NAME;The property "@PROP_NAME@" cannot be updated',
  PROPERTY_VALIDATION_CANNOT_BE_NULL: 'PROP_NAME;The property "@PROP_NAME@" cannot be null',
  PROPERTY_VALIDATION_WRONG_FORMAT: 'PROP_NAME,FORMAT;The property "@PROP_NAME@" must match format @FORMAT@',
  PROPERTY_VALIDATION_MIN_LENGTH: 'PROP_NAME,MIN_LEN;The property "@PROP_NAME@" must have a min length of @MIN_LEN@ characters',
  OBJECT_TYPE_ABSTRACT: 'OBJ_TYPE;The object type "@OBJ_TYPE@" is abstract, use one of the object implementations',
  RESOURCE_TYPE_NOT_SUPPORTED: 'RES_TYPE;Resource type "@RES_TYPE@" not supported',
  ENTRY_ID_NOT_FOUND: 'ENTRY_ID;Entry id "@ENTRY_ID@" not found',
  ENTRY_ALREADY_WITH_CONTENT: ';Entry already associated with content',
  ENTRY_ID_NOT_REPLACED: 'ENTRY_ID;Entry id "@ENTRY_ID@" not replaced',
  ENTRY_REPLACEMENT_ALREADY_EXISTS: ';Entry already in replacement',
  UPLOAD_ERROR: ';Upload failed',
  UPLOAD_TOKEN_NOT_FOUND: ';Upload token not found',
  UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD:
    ';Upload token is in an invalid status for uploading a file, maybe the file was already uploaded',
  UPLOAD_TOKEN_INVALID_STATUS_FOR_ADD_ENTRY:
    ';Upload token is in an invalid status for adding entry, maybe the a file was not uploaded or the token was used',
  UPLOAD_TOKEN_CANNOT_RESUME: ';Cannot resume the upload, original file was not found',
  UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE: ';Failed to match expected file size',
  UPLOAD_TOKEN_MISSING_FILE_SIZE: ';FileSize is mandatory when enabling autoFinalize',
  MAX_ALLOWED_CHUNK_COUNT_EXCEEDED: ';Max allowed waiting chunks to be concatenated has exceeded allowed limit',
  UPLOADED_FILE_NOT_FOUND_BY_TOKEN: ';The uploaded file was not found by the given token id, or was already used',
  UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED: 'MAX_RESUME_TIME;Max resume time of @MAX_RESUME_TIME@ seconds reached, cannot resume upload',
  THUMB_ASSET_ID_NOT_FOUND: 'ID;The Thumbnail asset id "@ID@" not found',
  // Captions, attachments (CaptionErrors.php, AttachmentErrors.php: the older "%s" templates, so no named args).
  CAPTION_ASSET_ID_NOT_FOUND: 'ID;Caption asset id "@ID@" not found',
  ATTACHMENT_ASSET_ID_NOT_FOUND: 'ID;Attachment asset id "@ID@" not found',
  // Categories (KalturaErrors.php).
  CATEGORY_NOT_FOUND: 'ID;Category id "@ID@" not found',
  INVALID_ENTRY_ID: 'ID;Invalid entry id "@ID@"',
  MAX_CATEGORIES_FOR_ENTRY_REACHED: 'CATEGORIES;Entry can be assigned to up to @CATEGORIES@ categories',
  CANNOT_ASSIGN_ENTRY_TO_CATEGORY: ';Entry cannot be assigned to this category',
  CATEGORY_ENTRY_ALREADY_EXISTS: ';Entry already assigned to this category',
  // Custom metadata (MetadataErrors.php).
  METADATA_PROFILE_NOT_FOUND: 'ID;Metadata profile [@ID@] not found',
  INCOMPATIBLE_METADATA_PROFILE_OBJECT_TYPE: 'PROFILE_TYPE,OBJECT_TYPE;Metadata profile object type [@PROFILE_TYPE@] is not compatible with object type [@OBJECT_TYPE@]',
  METADATA_OBJECT_ID_NOT_FOUND: 'ID;Object id [@ID@] not found',
  METADATA_ALREADY_EXISTS: 'ID;Metadata already exists id [@ID@]',
  INVALID_METADATA_DATA: 'ERR_MSG;invalid metadata data: @ERR_MSG@',
  INVALID_OBJECT_ID: 'ID;Invalid object id [@ID@]',
  // Not Kaltura's (it has no such limit): this local API's bound on one request's work (body-limits.ts).
  MULTIREQUEST_TOO_LARGE: 'MAX_REQUESTS;A multi-request may hold at most @MAX_REQUESTS@ requests on this local Kaltura-compatible API',
} as const;

export type ErrorCode = keyof typeof TEMPLATES;

export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(TEMPLATES, code);

/** A Kaltura API error: `code`, the filled-in `message`, and `args` (argument name → string value). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly args: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    ...values: unknown[]
  ) {
    const [argList, template] = TEMPLATES[code].split(';') as [string, string];
    const names = argList ? argList.split(',') : [];
    const args: Record<string, string> = {};
    // Kaltura fills a missing argument with "N/A" (APIErrors::getErrorData).
    names.forEach((n, i) => (args[n] = values[i] == null ? 'N/A' : String(values[i])));
    super(template.replace(/@([A-Z_]+)@/g, (m, n: string) => args[n] ?? m));
    this.args = args;
  }
}

/** The KalturaAPIException body; `args` is `[]` when empty because PHP serializes an empty array so. */
export function exceptionBody(error: ApiError): Record<string, unknown> {
  const args = Object.keys(error.args).length ? error.args : [];
  return { code: error.code, message: error.message, objectType: 'KalturaAPIException', args };
}

/** Anything thrown that is not an ApiError is reported as Kaltura reports it: no details. */
export const toApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError('INTERNAL_SERVERL_ERROR');

/**
 * KExternalErrors::dieError: Kaltura gives up on the whole request with an empty body and the
 * headers `X-Kaltura: error-<code>` and `X-Kaltura-App: exiting on error <code> - <description>`
 * (e.g. 24, MULTIREQUEST_PROXY_FAILED, "tried to dump not the first request").
 */
export class DieError extends Error {
  override readonly name = 'DieError';

  constructor(
    readonly code: string,
    readonly description: string,
  ) {
    super(`exiting on error ${code} - ${description}`);
  }
}

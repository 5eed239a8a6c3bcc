import { css } from 'lit';

// Custom-property defaults live on :host so a value set on an ancestor cannot leak in by
// accident; a page themes the element by setting them on the element itself (or via ::part).
// Logical properties throughout (inline = along the text, block = across it), so a right-to-left
// language lays everything out mirrored; the bar's fill grows from the inline start.
// Nothing moves by itself: the bar has no transition, because it changes several times a second
// for the whole upload and an animation each time kept the compositor busy throughout (and moved
// things for people who asked for no motion).
// Touch targets (the @media block at the end) are at least 44 px (WCAG 2.5.5) on a phone-sized
// screen and wherever the main pointer is a finger; a mouse on a wide screen keeps compact buttons.
export const uploaderStyles = css`
  :host {
    --kaltura-uploader-accent: #0b5fc7;
    --kaltura-uploader-accent-text: #fff;
    --kaltura-uploader-text: #1f2328;
    --kaltura-uploader-muted: #59626f;
    --kaltura-uploader-background: #fff;
    --kaltura-uploader-surface: #f4f6f9;
    --kaltura-uploader-border: #8c95a3;
    --kaltura-uploader-error: #b42318;
    --kaltura-uploader-success: #1a7437;
    --kaltura-uploader-track: #e2e6ec;
    --kaltura-uploader-sent: #a9c9f2;
    --kaltura-uploader-focus-ring: var(--kaltura-uploader-accent);
    --kaltura-uploader-radius: 8px;
    --kaltura-uploader-gap: 0.75rem;
    --kaltura-uploader-bar-height: 0.5rem;
    --kaltura-uploader-font: inherit;
    display: block;
    color: var(--kaltura-uploader-text);
    background: var(--kaltura-uploader-background);
    font: var(--kaltura-uploader-font);
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  button,
  input,
  textarea {
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--kaltura-uploader-focus-ring);
    outline-offset: 2px;
  }
  .dropzone {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.25rem;
    inline-size: 100%;
    padding-block: 1.5rem;
    padding-inline: 1rem;
    border: 2px dashed var(--kaltura-uploader-border);
    border-radius: var(--kaltura-uploader-radius);
    background: var(--kaltura-uploader-surface);
    cursor: pointer;
    text-align: center;
  }
  .dropzone:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .dropzone:hover:enabled,
  :host([dragover]) .dropzone {
    border-color: var(--kaltura-uploader-accent);
    border-style: solid;
  }
  :host([dragover]) .dropzone {
    outline: 3px solid var(--kaltura-uploader-accent);
  }
  .dropzone svg {
    inline-size: 2rem;
    block-size: 2rem;
    fill: none;
    stroke: var(--kaltura-uploader-accent);
    stroke-width: 2;
  }
  .muted {
    color: var(--kaltura-uploader-muted);
    font-size: 0.875em;
  }
  ul {
    list-style: none;
    margin: 0;
    margin-block-start: var(--kaltura-uploader-gap);
    padding: 0;
    display: grid;
    gap: var(--kaltura-uploader-gap);
  }
  li {
    display: grid;
    gap: 0.375rem;
    padding: 0.75rem;
    content-visibility: auto;
    contain-intrinsic-size: auto 5rem;
    border: 1px solid var(--kaltura-uploader-border);
    border-radius: var(--kaltura-uploader-radius);
  }
  .head,
  .foot {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
  }
  .name {
    flex: 1 1 10rem;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .state {
    font-weight: 600;
  }
  [data-state='complete'] .state {
    color: var(--kaltura-uploader-success);
  }
  [data-processing='processing'] .state {
    color: inherit;
  }
  [data-state='error'] .state,
  [data-state='rejected'] .state,
  [data-processing='failed'] .state,
  .message {
    color: var(--kaltura-uploader-error);
  }
  .message {
    margin: 0;
  }
  .bar {
    position: relative;
    block-size: var(--kaltura-uploader-bar-height);
    border-radius: 999px;
    background: var(--kaltura-uploader-track);
    overflow: hidden;
  }
  .bar div {
    position: absolute;
    inset: 0;
    transform-origin: left;
  }
  [dir='rtl'] .bar div {
    transform-origin: right;
  }
  .sent {
    background: var(--kaltura-uploader-sent);
    transform: scaleX(var(--sent));
  }
  .confirmed {
    background: var(--kaltura-uploader-accent);
    transform: scaleX(var(--confirmed));
  }
  .foot {
    justify-content: space-between;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-inline-start: auto;
  }
  .button {
    padding-block: 0.25rem;
    padding-inline: 0.75rem;
    border: 1px solid var(--kaltura-uploader-border);
    border-radius: calc(var(--kaltura-uploader-radius) / 2);
    background: var(--kaltura-uploader-background);
    cursor: pointer;
  }
  .button:hover {
    border-color: var(--kaltura-uploader-accent);
  }
  .primary {
    margin-block-start: var(--kaltura-uploader-gap);
    border-color: var(--kaltura-uploader-accent);
    background: var(--kaltura-uploader-accent);
    color: var(--kaltura-uploader-accent-text);
  }
  .interrupted {
    margin-block-start: var(--kaltura-uploader-gap);
  }
  .interrupted-title {
    margin: 0;
    font-weight: 600;
  }
  .interrupted ul {
    margin-block-start: 0.375rem;
  }
  .entry {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin: 0;
  }
  .thumbnail,
  .poster {
    inline-size: 120px;
    border-radius: calc(var(--kaltura-uploader-radius) / 2);
  }
  .poster {
    inline-size: 4rem;
    block-size: 2.25rem;
    object-fit: cover;
    align-self: center;
  }
  .entry a {
    color: var(--kaltura-uploader-accent);
    font-weight: 600;
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (max-width: 40rem), (pointer: coarse) {
    .button, a, .fields input, textarea {
      min-block-size: 44px;
      min-inline-size: 44px;
    }
    a {
      display: inline-flex;
      align-items: center;
    }
  }
`;

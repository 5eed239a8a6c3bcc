// The recorder's English defaults. Their keys and docs are in ../strings.ts with all the others;
// the texts live here, in a module only the recorder imports, so they load with it and not with
// the element.
import type { RecorderStringKey, UploaderStrings } from '../i18n/strings.js';

export const recorderStrings: Pick<UploaderStrings, RecorderStringKey> = {
  recordCamera: 'Record camera',
  recordScreen: 'Record screen',
  stopRecording: 'Stop',
  recordingPreview: 'Live preview',
  recordingTime: (time) => `Recording ${time}`,
  recordingName: (dateTime) => `Recording ${dateTime}`,
  recordingNotAllowed: 'The recording could not start: access to the camera, microphone or screen was refused.',
  recordingNoDevice: 'The recording could not start: no camera was found, or another program is using it.',
  recordingNotSupported: 'This browser cannot record here.',
  recordingDeviceLost: 'The camera or microphone was disconnected. What was recorded is being uploaded.',
};

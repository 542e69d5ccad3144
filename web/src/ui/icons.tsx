/** The few icons the app uses, drawn inline so that they look the same everywhere (no emoji font needed). */
const paths = {
  bell: 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z',
  key: 'M7 14a5 5 0 1 1 4.9-6H22v4h-2v3h-3v-3h-5.1A5 5 0 0 1 7 14Zm0-3a2 2 0 1 0 0-4 2 2 0 0 0 0 4Z',
  mail: 'M3 5h18a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Zm9 7.2L4.4 7H4v.9l8 5.5 8-5.5V7h-.4Z',
  users: 'M9 11a4 4 0 1 1 0-8 4 4 0 0 1 0 8Zm7.5-1a3 3 0 1 1 0-6 3 3 0 0 1 0 6ZM1 20c0-3.9 3.6-6 8-6s8 2.1 8 6v1H1Zm17.2 1v-1c0-1.9-.7-3.6-2-4.8 3.6.3 6.8 1.9 6.8 4.8v1Z',
  check: 'M9.5 16.2 5.3 12l-1.4 1.4 5.6 5.6 11-11-1.4-1.4Z',
  lock: 'M6 10V8a6 6 0 1 1 12 0v2h1a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V11a1 1 0 0 1 1-1Zm2 0h8V8a4 4 0 1 0-8 0Z',
  list: 'M4 5h2v2H4Zm4 0h12v2H8ZM4 11h2v2H4Zm4 0h12v2H8Zm-4 6h2v2H4Zm4 0h12v2H8Z',
  search: 'M10 2a8 8 0 0 1 6.3 12.9l5.4 5.4-1.4 1.4-5.4-5.4A8 8 0 1 1 10 2Zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12Z',
  inbox: 'M3 3h18l1 1v16l-1 1H3l-1-1V4Zm1 10v6h16v-6h-4.5a3.5 3.5 0 0 1-7 0Zm0-2h6.4l.6.8a1.5 1.5 0 0 0 2 0l.6-.8H20V5H4Z',
  folder: 'M3 5a1 1 0 0 1 1-1h6l2 2h8a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1Z',
  file: 'M6 2h8l6 6v13a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1Zm7 1.5V9h5.5ZM8 13v1.6h8V13Zm0 3.4V18h6v-1.6Z',
  project: 'M9 3h6a2 2 0 0 1 2 2v1h3a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h3V5a2 2 0 0 1 2-2Zm0 3h6V5H9Zm-4 6.5V18h14v-5.5Z',
  download: 'M11 3h2v9.2l3.3-3.3 1.4 1.4L12 16l-5.7-5.7 1.4-1.4 3.3 3.3ZM4 18h16v2H4Z',
  upload: 'M12 3l5.7 5.7-1.4 1.4L13 6.8V16h-2V6.8L7.7 10.1 6.3 8.7ZM4 18h16v2H4Z',
  share: 'M18 16a3 3 0 1 1-2.9 2.3l-6.3-3.6a3 3 0 1 1 0-5.4l6.3-3.6A3 3 0 1 1 16 7.3L9.7 11a3 3 0 0 1 0 2l6.3 3.7A3 3 0 0 1 18 16Z',
  trash: 'M9 3h6l1 1h4v2H4V4h4Zm-3 4h12l-1 13a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1Zm4 3v8h1.6v-8Zm2.4 0v8H14v-8Z',
  cart: 'M3 3h2.6l.6 2H21l-2.4 9H8.1l-.4 1.6H19V18H5.3l1.3-4.6L4.1 5H3Zm6 16.5a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Zm9.5 0a1.5 1.5 0 1 1-3 0 1.5 1.5 0 0 1 3 0Z',
  shield: 'M12 2 4 5v6c0 5 3.4 9.3 8 11 4.6-1.7 8-6 8-11V5Zm-1.2 13.6-3.5-3.5 1.4-1.4 2.1 2.1 4.7-4.7 1.4 1.4Z',
  globe: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20Zm-1.9 2.3A8 8 0 0 0 4.2 11h3.3c.2-2.5.9-4.8 2.6-6.7Zm3.8 0c1.7 1.9 2.4 4.2 2.6 6.7h3.3a8 8 0 0 0-5.9-6.7ZM9.5 11h5c-.2-2.3-.9-4.3-2.5-6-1.6 1.7-2.3 3.7-2.5 6Zm-5.3 2a8 8 0 0 0 5.9 6.7C8.4 17.8 7.7 15.5 7.5 13Zm5.3 0c.2 2.3.9 4.3 2.5 6 1.6-1.7 2.3-3.7 2.5-6Zm7 0c-.2 2.5-.9 4.8-2.6 6.7a8 8 0 0 0 5.9-6.7Z',
  info: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20Zm-1 8v7h2v-7Zm0-3v2h2V7Z',
  scale: 'M11 3h2v2.1l5.5 1.4.5-.5 1.4 1.4-.4.4L23 13a4 4 0 0 1-8 0l2.6-5.1L13 6.8V19h4v2H7v-2h4V6.8L6.4 7.9 9 13a4 4 0 0 1-8 0l3-5.8-.4-.4L5 5.4l.5.5L11 4.5Zm-6 6.3L3.2 13h3.6Zm14 0L17.2 13h3.6Z',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 20 }: { name: IconName; size?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false" className="icon">
      <path fill="currentColor" d={paths[name]} />
    </svg>
  );
}

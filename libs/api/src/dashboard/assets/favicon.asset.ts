/** The dashboard's tab icon: three bars of unequal length, a queue of jobs. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="6" fill="#0b57d0"/>
<path d="M8 10h14M8 16h9M8 22h16" stroke="#fff" stroke-width="3" stroke-linecap="round"/>
</svg>
`;

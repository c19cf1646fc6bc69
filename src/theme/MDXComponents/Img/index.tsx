/**
 * Images in the guide's pages: a diagram (an SVG) is wide, and shown at the
 * column's width its labels can read at half their size; a click opens it
 * full size. Other images are the theme's own.
 */
import React from 'react';
import Img from '@theme-original/MDXComponents/Img';

type Props = React.ComponentProps<typeof Img>;

export default function MDXImg(props: Props): React.JSX.Element {
  const src = typeof props.src === 'string' ? props.src : '';
  if (!/\.svg(\?.*)?$/.test(src)) return <Img {...props} />;
  return (
    <a href={src} className="diagram-full-size" target="_blank" rel="noopener" title="Open the diagram full size">
      <Img {...props} />
    </a>
  );
}

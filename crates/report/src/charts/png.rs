//! Drawing on an RGB buffer and encoding it as PNG in memory.

use super::style::{HEIGHT, WIDTH};
use super::{Area, Res};
use plotters::prelude::*;

/// Draw on a white 1600×900 canvas and encode it as PNG.
pub(super) fn to_png(
    draw: impl FnOnce(&Area<BitMapBackend<'_>>) -> Res,
) -> Result<Vec<u8>, String> {
    let mut rgb = vec![255u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    encode_png(&rgb, WIDTH, HEIGHT)
}

/// Encode 8-bit RGB pixels as a PNG (the `png` crate, adaptive filters).
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    if rgb.len() != width as usize * height as usize * 3 {
        return Err(format!(
            "{} bytes is not a {width}×{height} RGB image",
            rgb.len()
        ));
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, width, height);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_filter(png::FilterType::Paeth);
    enc.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    enc.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
    let mut w = enc.write_header().map_err(|e| e.to_string())?;
    w.write_image_data(rgb).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::ihdr;
    use super::*;

    #[test]
    fn png_encoder_checks_the_size_and_writes_a_header() {
        assert!(encode_png(&[0; 5], 2, 1).is_err());
        let png = encode_png(&[255; 12], 2, 2).unwrap();
        assert_eq!(ihdr(&png), (2, 2));
    }
}

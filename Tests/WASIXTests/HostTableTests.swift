import Foundation
import Testing

/// The WASIX surface as a whole: placeholder until the area tests land.
@Suite struct WASIXSurfaceTests {}

print("bs-aot: not built yet")

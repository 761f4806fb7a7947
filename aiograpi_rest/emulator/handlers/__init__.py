"""One module per area of Instagram; each registers its endpoints with `urls.route`."""

/* Maps of the portal, drawn with Leaflet over a world outline from the world-atlas package:
   no tile server, so nothing is fetched from outside the portal. Pages work without it; the map is extra. */
(function () {
  "use strict";

  /* Asset addresses come from Django's {% static %}, on this script's tag (templates/includes/map_assets_js.html):
     with hashed file names in production, Leaflet's own guess from its stylesheet finds no marker image. */
  var assets = document.currentScript.dataset;
  L.Icon.Default.imagePath = "";  // a string, so Leaflet does not guess; the URLs below are complete
  L.Icon.Default.mergeOptions({
    iconUrl: assets.markerIcon,
    iconRetinaUrl: assets.markerIconRetina,
    shadowUrl: assets.markerShadow,
  });

  /* Names on the maps are user input: Leaflet puts a string into the page as HTML, an element as it is. */
  function textElement(text) {
    var element = document.createElement("span");
    element.textContent = text;
    element.dir = "auto";  // a name in Arabic script reads right to left inside the map's left-to-right layout
    return element;
  }

  function baseMap(element, options) {
    /* Leaflet places its controls and popups for left-to-right pages: on an Arabic page the map keeps that layout
       (north up, east right, as in every language), and each popup's text takes the page's direction again. */
    element.setAttribute("dir", "ltr");
    var map = L.map(element, Object.assign({ worldCopyJump: true, minZoom: 1, maxZoom: 12 }, options || {}));
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth (world-atlas)");
    fetch(assets.worldOutline)
      .then(function (response) { return response.json(); })
      .then(function (world) {
        L.geoJSON(topojson.feature(world, world.objects.countries), {
          style: { color: "#8a98a6", weight: 0.6, fillColor: "#e8eef2", fillOpacity: 1 },
          interactive: false,
        }).addTo(map).bringToBack();
      });
    element.classList.add("map-ready");
    return map;
  }

  function pointFrom(latitude, longitude) {
    var lat = parseFloat(String(latitude).replace(",", "."));
    var lng = parseFloat(String(longitude).replace(",", "."));
    return isFinite(lat) && isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? [lat, lng] : null;
  }

  /* A map beside the latitude and longitude inputs: a click or a dragged marker fills them in. */
  function locationPicker(element) {
    var latitudeInput = document.getElementById(element.getAttribute("data-latitude-input"));
    var longitudeInput = document.getElementById(element.getAttribute("data-longitude-input"));
    if (!latitudeInput || !longitudeInput) return;
    var start = pointFrom(latitudeInput.value, longitudeInput.value);
    var map = baseMap(element).setView(start || [20, 0], start ? 8 : 1);
    var marker = null;

    function place(point, fromMap) {
      if (!marker) {
        marker = L.marker(point, { draggable: true, keyboard: true, title: element.getAttribute("data-marker-title") });
        marker.on("dragend", function () { place(marker.getLatLng(), true); });
        marker.addTo(map);
      }
      marker.setLatLng(point);
      if (fromMap) {
        var latLng = L.latLng(point);
        latitudeInput.value = latLng.lat.toFixed(6);
        longitudeInput.value = L.Util.wrapNum(latLng.lng, [-180, 180], true).toFixed(6);
      }
    }

    if (start) place(start, false);
    map.on("click", function (event) { place(event.latlng, true); });
    [latitudeInput, longitudeInput].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = pointFrom(latitudeInput.value, longitudeInput.value);
        if (point) { place(point, false); map.setView(point, Math.max(map.getZoom(), 6)); }
      });
    });
  }

  /* A small map of one place, with member cities nearby: data-points holds [[lat, lng, label], ...]. */
  function pointMap(element) {
    var points = JSON.parse(element.getAttribute("data-points") || "[]");
    if (!points.length) return;
    var map = baseMap(element, { scrollWheelZoom: false }).setView([points[0][0], points[0][1]], 6);
    points.forEach(function (point, index) {
      var options = index === 0 ? {} : { radius: 6, color: "#1f5f8b", fillOpacity: 0.7 };
      var layer = index === 0 ? L.marker([point[0], point[1]]) : L.circleMarker([point[0], point[1]], options);
      layer.bindTooltip(textElement(point[2])).addTo(map);
    });
  }

  document.querySelectorAll("[data-location-picker]").forEach(locationPicker);
  document.querySelectorAll("[data-point-map]").forEach(pointMap);
  window.icpMaps = { baseMap: baseMap };
})();

/* The network map: every member city from the API's GeoJSON, clustered, each popup linking to the city's page. */
(function () {
  "use strict";
  var element = document.querySelector("[data-network-map]");
  if (!element || !window.icpMaps) return;
  var map = window.icpMaps.baseMap(element).setView([20, 10], 2);
  var clusters = L.markerClusterGroup({ showCoverageOnHover: false });
  /* Country names in the page's language, links to the city's page in it (/ar/cities/...). */
  var headers = { Accept: "application/geo+json, application/json", "Accept-Language": document.documentElement.lang };
  var cityList = element.getAttribute("data-city-list") || "/cities/";
  fetch(element.getAttribute("data-geojson"), { headers: headers })
    .then(function (response) { return response.json(); })
    .then(function (collection) {
      L.geoJSON(collection, {
        pointToLayer: function (feature, latlng) {
          return L.marker(latlng, { title: feature.properties.name, alt: feature.properties.name });
        },
        onEachFeature: function (feature, layer) {
          var link = document.createElement("a");
          link.href = cityList + encodeURIComponent(feature.properties.slug) + "/";
          link.textContent = feature.properties.name;
          var place = document.createElement("div");
          place.textContent = [feature.properties.region, feature.properties.country_name].filter(Boolean).join(", ");
          var popup = document.createElement("div");
          popup.dir = document.documentElement.dir || "auto";
          popup.appendChild(link);
          popup.appendChild(place);
          layer.bindPopup(popup);
        },
      }).addTo(clusters);
      clusters.addTo(map);
      element.setAttribute("data-markers", String(clusters.getLayers().length));
    });
})();

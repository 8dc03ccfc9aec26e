// Render every chart of the page with vega-embed (loaded before this module, from this server).
const options = { actions: false, renderer: "svg" };

async function renderChart(element) {
  const source = document.getElementById(element.dataset.spec);
  if (!source) return;
  const spec = JSON.parse(source.textContent);
  try {
    await window.vegaEmbed(element, spec, options);
    element.dataset.rendered = "true";
  } catch (error) {
    element.textContent = "This chart could not be drawn; the table shows the same figures.";
    element.dataset.rendered = "failed";
  }
}

function renderAll() {
  for (const element of document.querySelectorAll("[data-spec]")) {
    renderChart(element);
  }
}

renderAll();

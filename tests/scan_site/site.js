document.cookie = "lang=nb; max-age=31536000; path=/";
localStorage.setItem("handlekurv", "[]");

function loadMarketing() {
  const s = document.createElement("script");
  s.src = "{ADS}/annonse.js";
  document.body.appendChild(s);
}

const choice = document.cookie.split("; ").find((c) => c.startsWith("samtykke="));
const banner = document.getElementById("samtykke");
if (!choice) {
  banner.hidden = false;
} else if (choice === "samtykke=alle") {
  loadMarketing();
}
document.getElementById("godta").addEventListener("click", () => {
  document.cookie = "samtykke=alle; max-age=15552000; path=/";
  banner.hidden = true;
  loadMarketing();
});
document.getElementById("avvis").addEventListener("click", () => {
  document.cookie = "samtykke=nei; max-age=15552000; path=/";
  banner.hidden = true;
});

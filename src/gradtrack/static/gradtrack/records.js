// Employment-file forms: narrow the major list to the chosen department; filter the employer list as you type.
(() => {
  const department = document.querySelector("[data-department-select]");
  const major = document.querySelector("[data-major-select]");
  if (department && major) {
    const narrowMajors = () => {
      const chosen = department.value;
      for (const option of major.options) {
        if (!option.value) continue;
        const fits = !chosen || option.dataset.department === chosen;
        option.hidden = !fits;
        option.disabled = !fits;
      }
      const selected = major.selectedOptions[0];
      if (selected && selected.disabled) major.value = "";
    };
    department.addEventListener("change", narrowMajors);
    narrowMajors();
  }

  const search = document.querySelector("[data-employer-search]");
  const employer = document.querySelector("[data-employer-select]");
  if (search && employer) {
    search.addEventListener("input", () => {
      const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      let firstMatch = null;
      for (const option of employer.options) {
        if (!option.value) continue;
        const text = option.textContent.toLowerCase();
        const fits = words.every((word) => text.includes(word));
        option.hidden = !fits;
        if (fits && !firstMatch) firstMatch = option;
      }
      const selected = employer.selectedOptions[0];
      if (words.length && firstMatch && (!selected || selected.hidden || !selected.value)) {
        employer.value = firstMatch.value;
      }
    });
  }
})();

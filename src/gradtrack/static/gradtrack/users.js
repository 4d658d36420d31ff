// The user form: 所属系部 matters only for the 系部 role, so it is shown only then.
(() => {
  const role = document.getElementById("id_role");
  const departments = document.getElementById("id_departments");
  if (!role || !departments) {
    return;
  }
  const field = departments.closest(".col-12") || departments.parentElement;
  const update = () => {
    field.hidden = role.value !== "department";
  };
  role.addEventListener("change", update);
  update();
})();
